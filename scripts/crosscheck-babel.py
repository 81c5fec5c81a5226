"""Cross-checks the expectations of src/intl.rs's table tests (what ICU4X 2.4 produces)
against Python's Babel, an independent CLDR implementation.

Run:  python3 -m venv venv && venv/bin/pip install babel && venv/bin/python crosscheck_babel.py
Exit status 0 when every difference is one of the explained ones (see EXPLAINED).
"""

import datetime
import sys

from babel import Locale, numbers, dates
from babel.core import get_cldr_version

NNBSP, NBSP, LRM, ALM = "\u202f", "\u00a0", "\u200e", "\u061c"

# ICU4X output, as asserted in src/intl.rs (locale, numbering system, value, expected).
DECIMAL = [
    ("en", None, 7_000_000, "7,000,000"),
    ("fr", None, 7_000_000, f"7{NNBSP}000{NNBSP}000"),
    ("de", None, 7_000_000, "7.000.000"),
    ("es", None, 7_000_000, "7.000.000"),
    ("ar", None, 7_000_000, "7,000,000"),
    ("ar_EG", None, 7_000_000, "٧٬٠٠٠٬٠٠٠"),
    ("ar", "arab", 7_000_000, "٧٬٠٠٠٬٠٠٠"),
    ("ar_EG", "latn", 7_000_000, "7,000,000"),
    ("ru", None, 7_000_000, f"7{NBSP}000{NBSP}000"),
    ("hi", None, 7_000_000, "70,00,000"),
    ("zh_Hans", None, 7_000_000, "7,000,000"),
    ("en", None, 1234.5, "1,234.5"),
    ("fr", None, 1234.5, f"1{NNBSP}234,5"),
    ("de", None, 1234.5, "1.234,5"),
    ("es", None, 1234.5, "1234,5"),
    ("es", None, 12345.5, "12.345,5"),
    ("ar_EG", None, 1234.5, "١٬٢٣٤٫٥"),
    ("ru", None, 1234.5, f"1{NBSP}234,5"),
    ("hi", None, 1234.5, "1,234.5"),
    ("zh_Hans", None, 1234.5, "1,234.5"),
]
PERCENT = [
    ("en", None, 0.25, "25%"),
    ("fr", None, 0.25, f"25{NBSP}%"),
    ("de", None, 0.25, f"25{NBSP}%"),
    ("es", None, 0.25, f"25{NBSP}%"),
    ("ar", None, 0.25, f"25{LRM}%{LRM}"),
    ("ar_EG", None, 0.25, f"٢٥\u066a{ALM}"),
    ("ar", "arab", -0.255, f"{ALM}-٢٦\u066a{ALM}"),
    ("fa", None, 0.25, "۲۵\u066a"),
    ("ru", None, 0.25, f"25{NBSP}%"),
    ("hi", None, 0.25, "25%"),
    ("zh_Hans", None, 0.25, "25%"),
]
DATE_LONG = [
    ("en", "May 28, 1961"),
    ("fr", "28 mai 1961"),
    ("de", "28. Mai 1961"),
    ("es", "28 de mayo de 1961"),
    ("ar", "28 مايو 1961"),
    ("ar_EG", "٢٨ مايو ١٩٦١"),
    ("ru", f"28 мая 1961{NNBSP}г."),
    ("hi", "28 मई, 1961"),
    ("zh_Hans", "1961年5月28日"),
]
YEAR = [("en", "1961"), ("de", "1961"), ("ar", "1961"), ("ar_EG", "١٩٦١"), ("zh_Hans", "1961年")]
CARDINAL = [
    ("en", 1, "one"), ("en", 2, "other"), ("fr", 0, "one"), ("fr", 1.5, "one"),
    ("fr", 1_000_000, "many"), ("es", 1_000_000, "many"), ("it", 1_000_000, "many"),
    ("pt", 1_000_000, "many"), ("ru", 1, "one"), ("ru", 2, "few"), ("ru", 5, "many"),
    ("ru", 21, "one"), ("ru", 1.5, "other"), ("ar", 0, "zero"), ("ar", 1, "one"),
    ("ar", 2, "two"), ("ar", 3, "few"), ("ar", 11, "many"), ("ar", 100, "other"),
    ("hi", 0, "one"), ("zh_Hans", 1, "other"),
]
ORDINAL = [
    ("en", 1, "one"), ("en", 2, "two"), ("en", 3, "few"), ("en", 4, "other"),
    ("en", 11, "other"), ("en", 12, "other"), ("en", 21, "one"), ("en", 22, "two"),
    ("en", 113, "other"), ("fr", 1, "one"), ("fr", 2, "other"),
]
CATEGORIES = [("pl", ["one", "few", "many", "other"]), ("ja", ["other"]),
              ("fr", ["one", "many", "other"]), ("ar", ["zero", "one", "two", "few", "many", "other"])]
RTL = ["ar", "he", "fa", "ur", "yi", "dv", "ps", "ckb"]
LTR = ["en", "fr", "zh_Hans", "hi", "ru", "az"]

# Differences that are understood: ICU4X's choice, and why.
EXPLAINED = {
    ("decimal", "es"): "CLDR es has minimumGroupingDigits=2 (1234,5 but 12.345,5), as ICU and "
                       "browsers apply; Babel has no minimumGroupingDigits data",
    ("percent", "ar"): "CLDR's ar (latn) percentSign is LRM % LRM, as ICU4X prints; Babel "
                       "writes the pattern's literal % and never the locale's percentSign",
    ("date-long", "hi"): "ICU4X builds 'long' from the yMMMMd skeleton (d MMMM, y); Babel's "
                         "dateFormats/long is 'd MMMM y'",
}

ARAB_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")
ARABEXT_DIGITS = str.maketrans("0123456789", "۰۱۲۳۴۵۶۷۸۹")


def numbering(loc, ns):
    return ns or Locale.parse(loc).default_numbering_system


def digits(text, ns):
    # Babel applies a numbering system's symbols but not its digits.
    if ns == "arab":
        return text.translate(ARAB_DIGITS)
    if ns == "arabext":
        return text.translate(ARABEXT_DIGITS)
    return text


def percent_symbols(text, loc, ns):
    # Babel's format_percent writes the pattern's literal % and ASCII minus for the
    # Arabic-script numbering systems; its locale data has their own signs, so apply them
    # (what src/intl/number.rs does to ICU4X's output).
    if ns not in ("arab", "arabext"):
        return text
    symbols = Locale.parse(loc).number_symbols[ns]
    text = text.replace("%", symbols["percentSign"], 1)
    return text.replace("-", symbols["minusSign"], 1) if text.startswith("-") else text


results = []


def check(kind, loc, what, expected, got):
    key = (kind, loc)
    status = "ok" if expected == got else ("explained" if key in EXPLAINED else "DIFF")
    results.append(status)
    note = f"  ({EXPLAINED[key]})" if status == "explained" else ""
    print(f"{status:9} {kind:10} {loc:8} {what!s:10} icu4x={expected!r} babel={got!r}{note}")


def main():
    print(f"Babel CLDR version: {get_cldr_version()}")
    for loc, ns, value, expected in DECIMAL:
        ns = numbering(loc, ns)
        got = numbers.format_decimal(value, locale=loc, numbering_system=ns)
        check("decimal", loc, f"{value} {ns}", expected, digits(got, ns))
    for loc, ns, value, expected in PERCENT:
        ns = numbering(loc, ns)
        got = numbers.format_percent(value, locale=loc, numbering_system=ns)
        check("percent", loc, f"{value} {ns}", expected, digits(percent_symbols(got, loc, ns), ns))
    day = datetime.date(1961, 5, 28)
    for loc, expected in DATE_LONG:
        ns = numbering(loc, None)
        got = digits(dates.format_date(day, "long", locale=loc), ns)
        check("date-long", loc, "1961-05-28", expected, got)
    for loc, expected in YEAR:
        ns = numbering(loc, None)
        got = digits(dates.format_skeleton("y", day, locale=loc), ns)
        check("year", loc, "1961", expected, got)
    for loc, n, expected in CARDINAL:
        check("cardinal", loc, n, expected, Locale.parse(loc).plural_form(n))
    for loc, n, expected in ORDINAL:
        check("ordinal", loc, n, expected, Locale.parse(loc).ordinal_form(n))
    order = ["zero", "one", "two", "few", "many", "other"]
    for loc, expected in CATEGORIES:
        tags = sorted(Locale.parse(loc).plural_form.tags | {"other"}, key=order.index)
        check("categories", loc, "", expected, tags)
    for loc in RTL:
        check("direction", loc, "", "rtl", Locale.parse(loc).text_direction)
    for loc in LTR:
        check("direction", loc, "", "ltr", Locale.parse(loc).text_direction)

    ok, explained, diff = (results.count(s) for s in ("ok", "explained", "DIFF"))
    print(f"{ok} passed, {diff} failed ({explained} explained differences)")
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main())
