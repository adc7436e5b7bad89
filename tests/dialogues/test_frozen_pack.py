"""An approved meeting pack says, on the page and in its PDF, exactly what it said when the
minutes were approved, however the data change later; a note dates it and links to newer
figures."""

import io

import pytest
from django.urls import reverse
from django.utils import translation

from skolekvalitet.dialogues import actions
from skolekvalitet.dialogues.models import Meeting
from skolekvalitet.knowledge.catalogue_sync import sync_catalogue
from skolekvalitet.knowledge.models import Indicator, Observation
from skolekvalitet.organisations.schoolyears import current_school_year


@pytest.fixture
def meeting(world):
    sync_catalogue()
    year = current_school_year()
    Observation.objects.create(
        indicator=Indicator.objects.get(code="ps_wellbeing", owner=None),
        school=world.school_a,
        school_year=year,
        grade=7,
        value=4.4,
        n=40,
    )
    actions.create_cycle(world.admin, world.owner, year)
    meeting = (
        Meeting.objects.filter(school=world.school_a, event__kind="dialogue")
        .order_by("event__starts")
        .first()
    )
    actions.save_minutes(world.admin, meeting, {"decisions": "Vedtak", "notes_main": "x"})
    return meeting


def _pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return " ".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def _change_the_figure(world):
    """As a later import would; published again where the knowledge base keeps published
    figures."""
    Observation.objects.filter(school=world.school_a).update(value=2.1)
    try:
        from skolekvalitet.knowledge import publishing
    except ImportError:
        return
    publishing.publish(world.owner)


def test_it_shows_the_pack_as_approved_after_the_data_change(world, meeting, login):
    args = ["fjordvik", world.school_a.pk, meeting.pk]
    page, pdf = reverse("meeting", args=args), reverse("meeting_pack_pdf", args=args)
    with translation.override("nb"):
        actions.approve(world.principal_a, meeting, as_owner=False)
        actions.approve(world.admin, meeting, as_owner=True)
    before = {
        who: login(who, "nb").get(page).content.decode() for who in (world.admin, world.principal_a)
    }
    assert all("4,4" in body for body in before.values())
    _change_the_figure(world)
    for who in (world.admin, world.principal_a):
        body = login(who, "nb").get(page).content.decode()
        assert "4,4" in body and "2,1" not in body
        assert 'id="frozen"' in body and reverse("data_sheet", args=args[:2]) in body
        text = _pdf_text(login(who, "nb").get(pdf).content)
        assert "4,4" in text and "2,1" not in text and "sheet/" in text
    # Not yet approved: the live pack, with the new figure and no note.
    other = Meeting.objects.filter(school=world.school_a).exclude(pk=meeting.pk).first()
    live = login(world.admin, "nb").get(reverse("meeting", args=[*args[:2], other.pk]))
    assert "2,1" in live.content.decode() and 'id="frozen"' not in live.content.decode()
