"""Latvian dates as Latvian writes them: 06.12.2026., with the closing dot; 14:30.

Only what differs from Django's own "lv" formats; the rest (long dates "2026. gada
6. decembris", number separators) comes from Django.
"""

SHORT_DATE_FORMAT = "d.m.Y."
SHORT_DATETIME_FORMAT = "d.m.Y. H:i"
# The first input format is the one a date field shows its value in: browsers' <input
# type="date"> read only ISO dates. People may type either form, with or without the dot.
DATE_INPUT_FORMATS = ["%Y-%m-%d", "%d.%m.%Y.", "%d.%m.%Y", "%d.%m.%y"]
DATETIME_INPUT_FORMATS = [
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%d.%m.%Y. %H:%M",
    "%d.%m.%Y %H:%M",
]
