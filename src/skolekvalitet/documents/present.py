"""The one place numbers, intervals, percentages, dates, sources and shortened titles become
text, for every output (pages through the `present` template filters, PDF, DOCX, XLSX, e-mail,
packs, reports).

Norwegian (nb, nn): decimal comma, a non-breaking space before the per cent sign ("78 %") and
between thousands from five digits ("12 345"), dates as "2. desember 2026". English: decimal
point, "78%", dates as "2 December 2026" (never month first). The same figure has the same
digits everywhere because every output asks this module with the figure's own digits.

No Django app is imported; the current language comes from Django when it is configured."""

import datetime
import math
from decimal import ROUND_HALF_UP, Decimal

NBSP = "\u00a0"
DASH = "–"  # shown for a missing value
MINUS = "\u2212"  # Norwegian prints negative numbers with a real minus sign
MONTHS = {
    "nb": "januar februar mars april mai juni juli august september oktober november desember",
    "en": "January February March April May June July August September October November December",
}
MONTHS["nn"] = MONTHS["nb"]


def current_language() -> str:
    try:
        from django.conf import settings
        from django.utils.translation import get_language

        language = (get_language() or settings.LANGUAGE_CODE) if settings.configured else "nb"
    except ImportError:  # used without Django
        language = "nb"
    return language[:2] if language[:2] in MONTHS else "nb"


def _local(day: datetime.date | datetime.datetime) -> datetime.date | datetime.datetime:
    """A moment (an aware datetime) as the day it is where the reader is (Django's time zone,
    Europe/Oslo): just after midnight is already tomorrow there, not yesterday as in UTC."""
    if isinstance(day, datetime.datetime) and day.tzinfo is not None:
        try:
            from django.conf import settings
            from django.utils import timezone

            if settings.configured:
                return timezone.localtime(day)
        except ImportError:  # used without Django
            pass
    return day


def _norwegian(language: str | None) -> bool:
    return (language or current_language()) != "en"


def number(value: float | int | None, digits: int = 1, language: str | None = None) -> str:
    """A number with exactly `digits` decimals; "–" when there is none (None or NaN)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    exact = _rounded(value, digits)
    # never "-0,0"
    text = f"{abs(exact) if exact == 0 else exact:,.{digits}f}"
    whole = text.split(".")[0].lstrip("-").replace(",", "")
    if not _norwegian(language):
        return text if len(whole) >= 5 else text.replace(",", "")
    grouped = text.replace(",", NBSP) if len(whole) >= 5 else text.replace(",", "")
    return grouped.replace(".", ",").replace("-", MINUS)


def _rounded(value: float | int, digits: int) -> Decimal:
    """Half away from zero, as people round (0,125 → 0,13)."""
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP)


MAX_DIGITS = 6  # beyond this a bound is the target, for every reader


def digits_apart(target: float | None, *values: float | None, digits: int = 1) -> int:
    """The fewest decimals, at least `digits`, at which no value is rounded onto or across a
    goal's target, so that the shown numbers agree with the goal's verdict: a lower bound of
    3,96 is shown so against a target of 4, not as "4,0"."""
    if target is None:
        return digits
    goal = Decimal(str(target))

    def side(x: Decimal) -> int:
        return (x > goal) - (x < goal)

    shown = [v for v in values if v is not None and math.isfinite(v)]
    while digits < MAX_DIGITS and any(
        side(_rounded(v, digits)) != side(Decimal(str(v))) for v in shown
    ):
        digits += 1
    return digits


def exact(value: float | int | None, language: str | None = None) -> str:
    """A number with the decimals it has, as someone typed it: a target of 4,35 stays "4,35"
    and 50 stays "50" (a figure that was measured is rounded by `number`)."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    digits = max(0, -Decimal(str(value)).normalize().as_tuple().exponent)
    return number(value, digits, language)


PERCENT_UNITS = frozenset({"share"})  # indicator units whose figures are per cent


def interval(
    low: float | None,
    high: float | None,
    digits: int = 1,
    language=None,
    unit: str = "",
    target: float | None = None,
) -> str:
    """A 95 % interval as "72,1–75,3", a share's with its per cent sign once ("0,0–20,4 %");
    spaced around the dash when a bound is negative ("-1,2 – 3,4"); "–" when there is none.
    Against a goal's target, with the decimals that keep each bound on its side (digits_apart)."""
    if low is None or high is None:
        return DASH
    digits = digits_apart(target, low, high, digits=digits)
    dash = " – " if min(low, high) < 0 else DASH
    text = f"{number(low, digits, language)}{dash}{number(high, digits, language)}"
    return _with_unit(text, unit, language)


def figure(value: float | None, unit: str = "", digits: int = 1, language=None, target=None) -> str:
    """A measured figure with its indicator's unit: a share as "7,9 %", other units as the
    number ("52,3"); "–" when there is none. Against a goal's target, never rounded onto or
    across it (digits_apart)."""
    digits = digits_apart(target, value, digits=digits)
    return (
        number(value, digits, language)
        if unit not in PERCENT_UNITS
        else percent(value, digits, language)
    )


def target(value: float | None, unit: str = "", language=None) -> str:
    """A target someone typed, with its indicator's unit: "5 %" for a share, "4,35" else."""
    text = exact(value, language)
    return text if text == DASH else _with_unit(text, unit, language)


def _with_unit(text: str, unit: str, language) -> str:
    if unit not in PERCENT_UNITS:
        return text
    return f"{text}{NBSP}%" if _norwegian(language) else f"{text}%"


def percent(value: float | None, digits: int = 0, language: str | None = None) -> str:
    """A percentage (78 → "78 %"); value is already in per cent."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return DASH
    return _with_unit(number(value, digits, language), "share", language)


def date(day: datetime.date | datetime.datetime | None, language: str | None = None) -> str:
    """A day in words: "2. desember 2026" (nb, nn), "2 December 2026" (en)."""
    if day is None:
        return DASH
    day = _local(day)
    language = language or current_language()
    month = MONTHS[language].split()[day.month - 1]
    if language == "en":
        return f"{day.day} {month} {day.year}"
    return f"{day.day}. {month} {day.year}"


def moment(at: datetime.datetime | None, language: str | None = None) -> str:
    """A day and its time of day: "3. desember 2026 kl. 14.05" (nb, nn), "3 December 2026,
    14:05" (en); an aware moment as it is in Europe/Oslo."""
    if at is None:
        return DASH
    at = _local(at)
    language = language or current_language()
    if language == "en":
        return f"{date(at, language)}, {clock(at, language)}"
    return f"{date(at, language)} {clock(at, language, said=True)}"


def clock(
    at: datetime.time | datetime.datetime | None, language: str | None = None, said: bool = False
) -> str:
    """A time of day: "14.05" (nb, nn), "14:05" (en); `said` after a day: "kl. 14.05"."""
    if at is None:
        return DASH
    if isinstance(at, datetime.datetime):
        at = _local(at)
    if (language or current_language()) == "en":
        return f"{at.hour:02}:{at.minute:02}"
    return f"{'kl. ' if said else ''}{at.hour:02}.{at.minute:02}"


def day_month(day: datetime.date | None, language: str | None = None) -> str:
    """A day of the year in a narrow column: "1.10." (nb, nn), "1/10" (en)."""
    if day is None:
        return DASH
    if (language or current_language()) == "en":
        return f"{day.day}/{day.month}"
    return f"{day.day}.{day.month}."


LINE = {"nb": "linje", "nn": "linje", "en": "line"}


def source(file: str | None, line: int | None = None, language: str | None = None) -> str:
    """Where a figure comes from: "elevundersokelsen.csv, linje 12"; the file alone when the
    figure has no line (a questionnaire's scores); "" without a file."""
    if not file:
        return ""
    if line is None:
        return file
    return f"{file}, {LINE[language or current_language()]} {line}"


def signed(value: float | None, digits: int = 1, language: str | None = None) -> str:
    """A change with its sign: "+0,12", "-0,30", "0,00"."""
    text = number(value, digits, language)
    return f"+{text}" if value is not None and text[0].isdigit() and float(value) > 0 else text


def shorten(text: str, width: int) -> str:
    """A text as one line of at most `width` characters, cut after a whole word with "…" when
    it is longer (mid-word only when its first word alone is longer)."""
    text = " ".join((text or "").split())
    if len(text) <= width:
        return text
    cut = text[: width - 1]
    if text[width - 1] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut.rstrip(" ,.;:–-") + "…"
