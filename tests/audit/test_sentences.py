"""The audit log says values in words in the reader's language: no codes, no raw timestamps, no
English markers, no booleans in a thing's name."""

from django.utils import translation

from skolekvalitet.api import actions as api
from skolekvalitet.api.models import OpenData
from skolekvalitet.audit.log import SECRET_CHANGED, record
from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.audit.sentences import describe


def _line(event: AuditEvent) -> str:
    line = describe(event)
    return " ".join([line.sentence, *(f"{k}: {a} → {b}" for k, a, b in line.changes)])


def test_values_read_as_words_in_nynorsk(world):
    token, _secret = api.create_token(world.admin, world.owner, "Dashboard", ["figures:read"])
    api.revoke_token(world.admin, token)
    open_data = OpenData.objects.create(owner=world.owner, published=True)
    record(world.admin, world.owner, "update", open_data, {"published": [False, True]})
    owner = world.owner
    secret = record(world.admin, owner, "update", owner, {"x": [None, SECRET_CHANGED]})
    copied = record(world.admin, owner, "create", owner, {"copied_from": [None, "kvam"]})
    with translation.override("nn"):
        lines = [_line(e) for e in AuditEvent.objects.filter(owner=world.owner).order_by("pk")]
        text = "\n".join(lines)
        assert "figures:read" not in text and "Tal og indikatorar" in text
        assert "+00:00" not in text and ":21." not in text
        assert "True" not in text and "opne data" in text
        assert "(changed)" not in text and "endra (ikkje vist)" in _line(secret)
        assert "kvam" not in _line(copied) and "Kvam-modellen" in _line(copied)


def test_an_indicators_name_kept_in_the_writers_language_is_read_in_the_readers(world):
    """A criterion saved by a principal working in Nynorsk names its indicator in English to an
    English reader: the thing's name and the indicator it points to."""
    from tests.plans.helpers import reading_plan

    with translation.override("nn"):
        _plan, criterion = reading_plan(world)
        record(world.admin, world.owner, "update", criterion, {"indicator": [None, "Trivsel"]})
    events = AuditEvent.objects.filter(object_type="plans.criterion").order_by("pk")
    with translation.override("en"):
        text = "\n".join(_line(e) for e in events)
    assert "Nasjonale" not in text and "minst" not in text and "Trivsel" not in text
    assert "reading" in text and "Well-being" in text


def test_a_line_names_a_thing_as_it_was_then_not_as_it_became(world):
    """The criterion's later target is not put into the line of its adding."""
    from tests.plans.helpers import reading_plan

    with translation.override("nn"):
        _plan, criterion = reading_plan(world)
    criterion.target = 55
    criterion.save()
    added = AuditEvent.objects.get(object_type="plans.criterion", action="create")
    with translation.override("en"):
        line = describe(added).sentence
    assert "50" in line and "55" not in line, line


def test_a_page_of_lines_loads_the_things_it_names_once_per_kind(world):
    """No query per line: the criteria a page of lines names are read together."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from skolekvalitet.audit.sentences import describe_all
    from tests.plans.helpers import reading_plan

    _plan, criterion = reading_plan(world)

    def queries(count: int) -> int:
        for _ in range(count):
            record(world.admin, world.owner, "update", criterion, {"target": [50, 51]})
        events = list(AuditEvent.objects.filter(object_type="plans.criterion"))
        with CaptureQueriesContext(connection) as done:
            describe_all(events)
        return len(done)

    assert queries(2) == queries(10)
