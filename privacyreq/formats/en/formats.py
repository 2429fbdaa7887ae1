# Letters go to Irish and other European addressees: day, month, year ("24 November 2026"), not
# Django's US default ("Nov. 24, 2026").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y, H:i"
SHORT_DATE_FORMAT = "j M Y"
# A clock time as European readers write it ("17:56"), and never ending in a full stop: Django's
# "5:56 p.m." doubled the stop at the end of a sentence.
TIME_FORMAT = "H:i"
