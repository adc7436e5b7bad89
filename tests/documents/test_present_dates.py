"""A moment is shown as the day it is in Norway, whoever converted it (or not) before."""

import datetime

from skolekvalitet.documents import present


def test_a_moment_just_after_midnight_in_norway_is_that_day():
    moment = datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Oslo
    assert present.date(moment, "nb") == "3. desember 2026"
    assert present.short_date(moment, "nn") == "03.12.2026"
    assert present.date(datetime.date(2026, 12, 2), "nn") == "2. desember 2026"
