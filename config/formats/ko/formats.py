# Korean dates as Koreans write them: Django's own "Y-n-j" gives 2026-12-2, which reads as
# a typing slip. The rest of Django's Korean formats stand.
SHORT_DATE_FORMAT = "Y. n. j."
SHORT_DATETIME_FORMAT = "Y. n. j. H:i"
