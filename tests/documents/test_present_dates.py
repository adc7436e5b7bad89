"""A moment is shown as the day it is in Norway, whoever converted it (or not) before."""

import datetime

from skolekvalitet.documents import present


def test_a_moment_just_after_midnight_in_norway_is_that_day():
    moment = datetime.datetime(2026, 12, 2, 23, 30, tzinfo=datetime.UTC)  # 00:30 in Oslo
    assert present.date(moment, "nb") == "3. desember 2026"
    assert present.date(moment, "en") == "3 December 2026"
    assert present.date(datetime.date(2026, 12, 2), "nn") == "2. desember 2026"


def test_a_moment_has_its_time_of_day_in_norway():
    moment = datetime.datetime(2026, 12, 3, 13, 5, tzinfo=datetime.UTC)  # 14:05 in Oslo
    assert present.moment(moment, "nb") == "3. desember 2026 kl. 14.05"
    assert present.moment(moment, "nn") == "3. desember 2026 kl. 14.05"
    assert present.moment(moment, "en") == "3 December 2026, 14:05"
    summer = datetime.datetime(2026, 6, 30, 22, 30, tzinfo=datetime.UTC)  # 00:30 in Oslo
    assert present.moment(summer, "nb") == "1. juli 2026 kl. 00.30"
    assert present.moment(None) == present.DASH
