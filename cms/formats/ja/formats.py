# 2026年11月27日（金） — the form residents read in the ward newsletter.
DATE_FORMAT = "Y年n月j日（D）"
SHORT_DATE_FORMAT = "n月j日（D）"
DATETIME_FORMAT = "Y年n月j日（D） G:i"
TIME_FORMAT = "G:i"
MONTH_DAY_FORMAT = "n月j日"
YEAR_MONTH_FORMAT = "Y年n月"
