"""Data sheets, the owner overview with the follow-up list, and the indicator explorer."""

from django.contrib import messages
from django.forms import modelform_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import diff, record, snapshot
from skolekvalitet.knowledge import publishing
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule

from . import presenting, published
from .forms import ExplorerForm
from .models import FollowUpRules
from .sheet import school_sheet


@access_rule("school_view")
def data_sheet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """Rendered once per publication, analysis, reader's language and whether the reader may
    see the staff's answers (the template caches the sheet under `fragment`)."""
    school = access.get_school(request.user, slug, pk)
    owner = school.owner
    staff = access.may_read_staff_results(request.user, school)

    def body() -> dict:
        return presenting.sheet(school_sheet(Chain(owner, [school]), school, staff_results=staff))

    current = publishing.current(owner)
    return render(
        request,
        "analysis/sheet.html",
        {
            "school": school,
            "owner": owner,
            "publishing": publishing.in_progress(owner),
            "body": SimpleLazyObject(body),
            "fragment": published.fragment_key(
                owner,
                [school],
                published.catalogue(owner).values(),
                staff,
                current and (current.generation, current.finished),
            ),
        },
    )


@access_rule("owner_admin")
def owner_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """Read from each school's stored analysis (published.py), never from its figures. The
    tables of every school are rendered once per analysis and language (the template caches
    them under `fragment`); only the flags, with today's overdue agreements, every time."""
    owner = access.get_owner_as_admin(request.user, slug)
    schools = list(access.visible_schools(request.user, owner))
    catalogue = published.catalogue(owner)
    today = timezone.localdate()

    def details() -> dict:
        stored = published.follow_up(owner, schools, today)
        columns, table = published.overview_table(stored, catalogue)
        return {
            "columns": [presenting.indicator_name(i, grade) for i, grade in columns],
            "table": [(s, [presenting.stored_cell(i, c) for i, c in cells]) for s, cells in table],
            "profiles": presenting.follow_up([s.analysis for s in stored], catalogue.values()),
        }

    flagged = published.follow_up(owner, schools, today, details=False)
    return render(
        request,
        "analysis/overview.html",
        {
            "owner": owner,
            "details": SimpleLazyObject(details),
            "fragment": published.fragment_key(owner, schools, catalogue.values()),
            "follow_up": presenting.follow_up([s.analysis for s in flagged], catalogue.values()),
            "publishing": publishing.in_progress(owner),
        },
    )


@access_rule("owner_admin")
def explorer(request: HttpRequest, slug: str) -> HttpResponse:
    """The choices from the schools' stored analysis; the figures of the one chosen only,
    rendered once per analysis, choice and language (the template caches them)."""
    owner = access.get_owner_as_admin(request.user, slug)
    form = ExplorerForm(request.GET)
    schools = list(access.visible_schools(request.user, owner))
    indicators = published.indicators(owner)
    available, having = published.explorer_schools(owner, schools, indicators)
    catalogue = published.catalogue(owner, indicators)
    if not form.is_valid():  # said above the list, to choose again from
        choices, _first = presenting.explorer_choice(available, catalogue, "", None)
        context = {"owner": owner, "form": form, "choices": choices, "selected": None}
        return render(request, "analysis/explorer.html", context, status=400)
    choices, selected = presenting.explorer_choice(available, catalogue, *form.choice())
    context: dict = {"choices": choices, "selected": None}
    if selected is None and form.choice()[0] and choices:
        context["unavailable"] = presenting.unavailable_text(catalogue, *form.choice())
    if selected is not None:
        indicator = catalogue[selected[0]]

        def body() -> dict:
            chain = Chain(owner, having[selected], indicators=[indicator])
            return presenting.explorer(chain, indicator, selected[1], choices)

        context = {
            "choices": choices,
            "selected": f"{selected[0]}.{selected[1]}",
            "body": SimpleLazyObject(body),
            "fragment": published.fragment_key(owner, schools, catalogue.values(), selected),
        }
    context["publishing"] = publishing.in_progress(owner)
    return render(request, "analysis/explorer.html", {"owner": owner, "form": form, **context})


@access_rule("owner_admin")
def follow_up_rules(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    instance = FollowUpRules.objects.filter(owner=owner).first() or FollowUpRules(owner=owner)
    form_class = modelform_factory(FollowUpRules, exclude=["owner"])
    before = snapshot(instance) if instance.pk else {}
    form = form_class(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        from django.db import transaction

        with transaction.atomic():
            saved = form.save()
            record(
                request.user,
                owner,
                "update" if before else "create",
                saved,
                diff(before, snapshot(saved)),
            )
            published.enqueue(owner)  # the flags by the new rules
        messages.success(request, _("The follow-up rules were saved."))
        return redirect("overview", owner.slug)
    return render(request, "analysis/rules.html", {"owner": owner, "form": form})
