"""Data sheets, the owner overview with the follow-up list, and the indicator explorer."""

from django.contrib import messages
from django.forms import modelform_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import diff, record, snapshot
from skolekvalitet.knowledge import publishing
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule

from . import presenting
from .forms import ExplorerForm
from .models import FollowUpRules
from .sheet import analyse_school, overdue_agreements, overview, school_sheet


@access_rule("school_view")
def data_sheet(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    chain = Chain(school.owner, [school])
    sections = school_sheet(
        chain, school, staff_results=access.may_read_staff_results(request.user, school)
    )
    return render(
        request,
        "analysis/sheet.html",
        {
            "school": school,
            "owner": school.owner,
            "publishing": publishing.in_progress(school.owner),
            **presenting.sheet(sections),
        },
    )


@access_rule("owner_admin")
def owner_overview(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    chain = Chain(owner, access.visible_schools(request.user, owner))
    columns, table = overview(chain)
    rules = FollowUpRules.for_owner(owner)
    late = overdue_agreements(owner, timezone.localdate())
    analyses = [
        analyse_school(chain, s, rules, late.get(s.pk, 0))
        for s in sorted(chain.schools.values(), key=lambda s: s.name)
    ]
    return render(
        request,
        "analysis/overview.html",
        {
            "owner": owner,
            "columns": columns,
            "table": [(school, [presenting.cell(c) for c in cells]) for school, cells in table],
            "follow_up": presenting.follow_up(analyses, chain),
            "publishing": publishing.in_progress(owner),
        },
    )


@access_rule("owner_admin")
def explorer(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = ExplorerForm(request.GET)
    if not form.is_valid():
        context = {"owner": owner, "form": form, "choices": []}
        return render(request, "analysis/explorer.html", context, status=400)
    chain = Chain(owner, access.visible_schools(request.user, owner))
    context = {
        **presenting.explorer(chain, *form.choice()),
        "publishing": publishing.in_progress(owner),
    }
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
        messages.success(request, _("The follow-up rules were saved."))
        return redirect("overview", owner.slug)
    return render(request, "analysis/rules.html", {"owner": owner, "form": form})
