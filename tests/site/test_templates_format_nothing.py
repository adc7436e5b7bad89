"""Rule of the house: every date, time and number a page shows is formatted in one place
(documents.present, through the `present` filters), so no page mixes «01.10.2026» with
«1. oktober 2026» or says «14:05» in Norwegian. A template that formats a date or a time with
Django's own filters fails here."""

import re
from pathlib import Path

from django.utils import translation

from skolekvalitet.documents import present

SRC = Path(__file__).resolve().parents[2] / "src" / "skolekvalitet"
OWN_FORMAT = re.compile(r"\|\s*(date|time|naturaltime|naturalday)\b(?!:\"c\")")


def test_no_template_formats_a_date_or_a_time_itself():
    found = [
        f"{path.relative_to(SRC)}:{number}: {line.strip()[:100]}"
        for path in SRC.rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if OWN_FORMAT.search(line)
    ]
    assert found == [], "\n".join(found)


def test_the_one_formatter_says_times_and_days_of_the_year_per_language():
    import datetime

    at, day = datetime.time(14, 5), datetime.date(2026, 10, 1)
    with translation.override("nn"):
        assert (present.clock(at), present.clock(at, said=True)) == ("14.05", "kl. 14.05")
        assert present.day_month(day) == "1.10."
    with translation.override("en"):
        assert (present.clock(at), present.clock(at, said=True)) == ("14:05", "14:05")
        assert present.day_month(day) == "1/10"
