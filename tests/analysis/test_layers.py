"""Analysis sits below dialogues: it counts overdue follow-up agreements through the counter the
dialogues app registers when it starts, never by importing it."""

import datetime

from skolekvalitet.analysis import sheet
from skolekvalitet.dialogues.overdue import overdue_agreements_by_school


def test_analysis_counts_overdue_agreements_with_the_counter_dialogues_registered(world):
    assert sheet.overdue_counters == [overdue_agreements_by_school]
    today = datetime.date.today()
    assert sheet.overdue_agreements(world.owner, today) == overdue_agreements_by_school(
        world.owner, today
    )
