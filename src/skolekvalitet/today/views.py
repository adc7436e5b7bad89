"""The start page: what needs the person now, per owner and school they work for."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule
from skolekvalitet.organisations.schoolyears import current_school_year

from .agenda import agendas


@require_safe
@access_rule("authenticated")
def home(request: HttpRequest) -> HttpResponse:
    owners = access.owners_for(request.user)
    context = {
        "agendas": agendas(request.user, timezone.localdate(), current_school_year()),
        "cards": [(o, access.visible_schools(request.user, o)) for o in owners],
    }
    return render(request, "today/home.html", context)
