"""The import history and undoing an import: values back as they were, published again, audited;
refused while a later import has changed the same figures."""

import importlib
from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.knowledge import publishing, store
from skolekvalitet.knowledge.importing import (
    UndoRefused,
    apply_import,
    plan_import,
    plan_undo,
    summary,
    undo_import,
)
from skolekvalitet.knowledge.models import Import, Indicator, Observation, PublishedFigure
from skolekvalitet.organisations.models import SchoolYear

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
    # The event is about the import, named by its file and day (not the owner; no ISO date).
    assert (event.object_type, event.object_id) == ("knowledge.import", str(second.pk))
    assert event.object_repr.startswith("second.csv (") and "-" not in event.object_repr[11:]
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
    assert "Angre importen av second.csv\u00a0…" in body
    # The first cannot be undone while the second has changed its figure: said, no button.
    assert "Angre importen av first.csv" not in body
    assert "second.csv, importert" in body and "angre den først" in body

    response = client.post(undo, follow=True)
    body = response.content.decode()
    assert "Importen av «second.csv» fra " in body
    assert " er angret: 2 tall er som før importen" in body
    assert "Angre importen av first.csv\u00a0…" in body
    second.refresh_from_db()
    assert second.undone_at is not None


def test_undo_asks_first_on_a_page_that_says_what_it_undoes(world, login, two_imports):
    _first, second = two_imports
    url = reverse("import_undo", args=[world.owner.slug, second.pk])
    client = login(world.admin, language="nn")
    page = client.get(url)
    body = page.content.decode()
    assert page.status_code == 200
    assert "Angre importen av second.csv?" in body
    assert "Å angre han endrar 2 tal:" in body
    assert "1 tal han la til, vert fjerna" in body
    assert "1 tal han retta, får att verdien frå før" in body
    assert "Alfheim skule" in body and "2023-24, 2024-25" in body
    assert f'<form method="post" action="{url}"' in body and "onclick" not in body
    second.refresh_from_db()
    assert second.undone_at is None  # looking undoes nothing
    client.post(url)
    second.refresh_from_db()
    assert second.undone_at is not None


def _source(world, name, kind="self-assessment"):
    return Import.objects.create(owner=world.owner, format=kind, file_name=name, file_hash="x")


def _figure(world, value, year):
    return Observation(
        indicator=Indicator.objects.get(code="ps_wellbeing", owner=None),
        school=world.school_a,
        school_year=SchoolYear.objects.get_or_create(code=year)[0],
        grade=7,
        value=value,
        n=30,
    )


def test_every_kind_of_import_counts_what_it_wrote_and_undo_puts_back_what_it_removed(world, login):
    figures = [_figure(world, 4.1, "2024-25"), _figure(world, 3.9, "2023-24")]
    first = _source(world, "Runde 1")
    store.write(world.admin, world.owner, figures, source=first)
    mine = Observation.objects.filter(school__owner=world.owner)
    second = _source(world, "Runde 2")  # corrects one, removes the other
    store.write(
        world.admin, world.owner, [_figure(world, 4.4, "2024-25")], source=second, replace=mine
    )
    again = _source(world, "Runde 2 igjen", "contribution")  # the same again: changes nothing
    store.write(world.admin, world.owner, [_figure(world, 4.4, "2024-25")], source=again)
    with translation.override("nb"):
        assert summary(first) == "2 nye tall, 0 rettet, 0 uendret"
        assert summary(second) == "0 nye tall, 1 rettet, 1 fjernet, 0 uendret"
        assert summary(again) == "0 nye tall, 0 rettet, 1 uendret"
        # Nothing to undo in an import that changed nothing: said, and no button.
        body = (
            login(world.admin, language="nb")
            .get(reverse("import_history", args=[world.owner.slug]))
            .content.decode()
        )
        assert "Angre importen av Runde 2 igjen" not in body
        assert "Den endret ingen tall, så det er ingenting å angre." in body
        assert "Angre importen av Runde 2\u00a0…" in body
        with pytest.raises(UndoRefused, match="ingenting å angre"):
            undo_import(world.admin, again)
        undo = plan_undo(second)
    assert (undo.added, undo.corrected, undo.put_back) == (0, 1, 1)
    undo_import(world.admin, second)
    assert sorted(mine.values_list("school_year__code", "value")) == [
        ("2023-24", 3.9),
        ("2024-25", 4.1),
    ]
    assert set(mine.values_list("source_import", flat=True)) == {first.pk}

    # Imports stored before the counts were kept get them from the figures and their history.
    third = _source(world, "Runde 3")
    store.write(world.admin, world.owner, [_figure(world, 4.0, "2024-25")], source=third)
    reports = {b.pk: dict(Import.objects.get(pk=b.pk).report) for b in (first, second, third)}
    Import.objects.update(report={})
    backfill = importlib.import_module(
        "skolekvalitet.knowledge.migrations.0009_import_written_counts"
    ).backfill
    backfill(django_apps, None)
    for pk, report in reports.items():
        now = Import.objects.get(pk=pk).report
        assert now == {k: v for k, v in report.items() if k != "observations_unchanged"}


def test_the_history_checks_undo_in_a_fixed_number_of_queries(world, login, two_imports):
    client = login(world.admin)
    url = reverse("import_history", args=[world.owner.slug])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(5):
        _import(
            world,
            f"more-{i}.csv",
            [f"ps_wellbeing;school;{world.school_a.org_number};2020-21;7;4,{i};30"],
        )
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_command_line_lists_imports_and_undoes_one_after_asking(
    world, two_imports, monkeypatch
):
    first, second = two_imports
    out = StringIO()
    call_command("imports", owner=world.owner.slug, language="nn", stdout=out)
    text = out.getvalue()
    assert f"{second.pk}  second.csv – importert av {world.admin.name}" in text
    assert f"Angre han med: skolekvalitet undo-import {second.pk} --owner fjordvik" in text
    assert "second.csv, importert" in text and "angre han først" in text  # the first's reason

    answers = iter(["n", "j"])
    monkeypatch.setattr("builtins.input", lambda prompt: next(answers))
    out = StringIO()
    call_command("undo-import", str(second.pk), owner="fjordvik", language="nb", stdout=out)
    assert (
        "1 tall den la til, fjernes" in out.getvalue() and "Ingenting ble angret." in out.getvalue()
    )
    second.refresh_from_db()
    assert second.undone_at is None
    call_command("undo-import", str(second.pk), owner="fjordvik", language="nb", stdout=StringIO())
    second.refresh_from_db()
    assert second.undone_at is not None
    with pytest.raises(CommandError, match="kan ikke angres"):
        call_command("undo-import", str(second.pk), owner="fjordvik", language="nb", yes=True)
    out = StringIO()
    call_command(
        "undo-import", str(first.pk), owner="fjordvik", language="en", yes=True, stdout=out
    )
    assert (
        "first.csv, imported " in out.getvalue() and ", is undone: 2 figures are" in out.getvalue()
    )
    with pytest.raises(CommandError, match="has no import number 999"):
        call_command("undo-import", "999", owner="fjordvik", language="en", yes=True)


def test_undo_puts_back_a_figures_source_and_says_when_publishing_is_still_to_come(
    world, login, monkeypatch
):
    from skolekvalitet.audit.sentences import describe

    a = world.school_a.org_number
    first = _import(world, "first.csv", [f"ps_wellbeing;school;{a};2024-25;7;4,1;30"])
    # The figure as the demo data had it: a synthetic figure, shown as «syntetisk demotal».
    Observation.objects.filter(source_import=first).update(synthetic=True, source_field="demo")
    second = _import(world, "good.csv", [f"ps_wellbeing;school;{a};2024-25;7;4,5;31"])
    restored = Observation.objects.get(school=world.school_a, school_year__code="2024-25")
    assert not restored.synthetic
    # Publishing runs in the background: not done when the undo is answered.
    monkeypatch.setattr(publishing, "enqueue", lambda *args, **kwargs: None)
    client = login(world.admin, language="nn")
    undo = reverse("import_undo", args=[world.owner.slug, second.pk])
    body = client.post(undo, follow=True).content.decode()
    assert "Dei publiserte tala blir oppdaterte om litt" in body
    assert "dei publiserte tala er oppdaterte" not in body
    restored.refresh_from_db()
    assert (restored.value, restored.synthetic, restored.source_field) == (4.1, True, "demo")
    assert restored.source_import == first
    # The log says what was undone, in the reader's words, not a field emptied.
    event = AuditEvent.objects.get(action="undo_import", owner=world.owner)
    day = timezone.localtime(second.at).day
    with translation.override("nb"):
        line = describe(event)
        assert f"angret importen av «good.csv» fra {day}. " in line.sentence
        assert not [c for c in line.changes if c[0].casefold() == "import"]
    with translation.override("nn"):
        assert "angra importen av «good.csv» frå " in describe(event).sentence


def test_undo_says_the_published_figures_are_updated_once_they_are(world, login):
    a = world.school_a.org_number
    _import(world, "first.csv", [f"ps_wellbeing;school;{a};2024-25;7;4,1;30"])
    second = _import(world, "good.csv", [f"ps_wellbeing;school;{a};2024-25;7;4,5;31"])
    client = login(world.admin, language="nn")
    undo = reverse("import_undo", args=[world.owner.slug, second.pk])
    body = client.post(undo, follow=True).content.decode()
    assert "dei publiserte tala er oppdaterte" in body
