"""Date formats where Django's defaults do not read as a letter in that language should.

Only what differs is here; every other format comes from Django's own locale modules.
"""
