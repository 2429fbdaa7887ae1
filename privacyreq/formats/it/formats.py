# Italian writes the day without a leading zero in running text ("4 settembre 2024").
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
