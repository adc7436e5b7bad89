"""The import history and undoing an import: values back as they were, published again, audited;
refused while a later import has changed the same figures."""

import pytest
from django.urls import reverse
from django.utils import translation

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.knowledge import publishing
from skolekvalitet.knowledge.importing import (
    UndoRefused,
    apply_import,
    plan_import,
    summary,
    undo_import,
)
from skolekvalitet.knowledge.models import Observation, PublishedFigure

HEADER = "indicator;unit_kind;unit_code;school_year;grade;value;n\n"


def _import(world, name: str, rows: list[str]):
    plan = plan_import(world.owner, (HEADER + "\n".join(rows) + "\n").encode(), name)
    assert plan.errors == []
    return apply_import(world.admin, plan)


def _published(world, year: str) -> float | None:
    generation = publishing.current(world.owner).generation
    figure = PublishedFigure.objects.filter(
        owner=world.owner,
        generation=generation,
        school=world.school_a,
        indicator__code="ps_wellbeing",
        year=year,
    ).first()
    return figure and figure.value


@pytest.fixture
def two_imports(world):
    a, b = world.school_a.org_number, world.school_b.org_number
    first = _import(
        world,
        "first.csv",
        [f"ps_wellbeing;school;{a};2024-25;7;4,1;30", f"ps_wellbeing;school;{b};2024-25;9;3,9;30"],
    )
    second = _import(
        world,
        "second.csv",
        [f"ps_wellbeing;school;{a};2024-25;7;4,5;31", f"ps_wellbeing;school;{a};2023-24;7;4,0;28"],
    )
    return first, second


def test_it_tells_what_each_import_did_in_words(world, two_imports):
    first, second = two_imports
    with translation.override("nn"):
        assert summary(first) == "2 nye tal, 0 retta, 0 uendra"
        assert summary(second) == "1 nytt tal, 1 retta, 0 uendra"
    with translation.override("en"):
        assert summary(second) == "1 new figure, 1 corrected, 0 unchanged"


def test_it_undoes_an_import_in_reverse_order(world, two_imports):
    first, second = two_imports
    reading = Observation.objects.get(school=world.school_a, school_year__code="2024-25")
    assert (reading.value, _published(world, "2024-25"), _published(world, "2023-24")) == (
        4.5,
        4.5,
        4.0,
    )
    # The first import's figure was changed by the second: undo the second first, said so.
    with (
        translation.override("en"),
        pytest.raises(UndoRefused, match=r"second.csv, imported .* undo it first"),
    ):
        undo_import(world.admin, first)
    assert Observation.objects.filter(school__owner=world.owner).count() == 3

    undo_import(world.admin, second)
    reading.refresh_from_db()
    # Back as it was, with the first import's provenance; the figure it added is gone.
    assert (reading.value, reading.n, reading.source_import, reading.source_line) == (
        4.1,
        30,
        first,
        2,
    )
    assert not Observation.objects.filter(school_year__code="2023-24").exists()
    assert (_published(world, "2024-25"), _published(world, "2023-24")) == (4.1, None)
    events = AuditEvent.objects.filter(owner=world.owner, actor=world.admin)
    (event,) = events.filter(action="undo_import")
    assert event.changes["import"] == ["second.csv", None]
    assert event.changes["observations_updated"] == [None, 1]
    assert event.changes["observations_removed"] == [None, 1]
    second.refresh_from_db()
    assert second.undone_at is not None and second.undone_by == world.admin
    with pytest.raises(UndoRefused):
        undo_import(world.admin, second)

    # Now the first can be undone: nothing it wrote is left.
    undo_import(world.admin, first)
    assert not Observation.objects.filter(school__owner=world.owner).exists()
    assert _published(world, "2024-25") is None


def test_only_the_owners_administrator_sees_the_history_and_undoes(world, login, two_imports):
    _first, second = two_imports
    history = reverse("import_history", args=[world.owner.slug])
    undo = reverse("import_undo", args=[world.owner.slug, second.pk])
    assert login(world.principal_a).get(history).status_code == 403
    assert login(world.principal_a).post(undo).status_code == 403
    assert login(world.outsider).post(undo).status_code == 404
    second.refresh_from_db()
    assert second.undone_at is None

    client = login(world.admin, language="nb")
    body = client.get(history).content.decode()
    assert f"importert av {world.admin.name}" in body
    assert "1 nytt tall, 1 rettet, 0 uendret" in body
    assert "Angre importen av second.csv" in body
    # The first cannot be undone while the second has changed its figure: said, no button.
    assert "Angre importen av first.csv" not in body
    assert "second.csv, importert" in body and "angre den først" in body

    response = client.post(undo, follow=True)
    body = response.content.decode()
    assert "second.csv er angret" in body and "Angre importen av first.csv" in body
    second.refresh_from_db()
    assert second.undone_at is not None
