"""Import pages and the school's knowledge base. Objects come only through access helpers."""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule

from . import actions, queries
from .forms import LocalIndicatorForm, UploadForm
from .importing import apply_import, plan_import
from .template import template_csv, template_xlsx


def _upload_dir() -> Path:
    path = Path(settings.DATA_DIR) / "uploads"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _mapping(request: HttpRequest) -> dict[str, str]:
    return {
        request.POST[k]: request.POST[f"target-{k[5:]}"]
        for k in request.POST
        if k.startswith("name-") and request.POST.get(f"target-{k[5:]}")
    }


@access_rule("owner_admin")
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data["file"].read()
        digest = hashlib.sha256(data).hexdigest()
        (_upload_dir() / digest).write_bytes(data)
        request.session["import"] = {
            "owner": owner.pk,
            "hash": digest,
            "name": form.cleaned_data["file"].name,
            "create": form.cleaned_data["create_missing_schools"],
        }
        return redirect("import_preview", owner.slug)
    return render(request, "knowledge/import_upload.html", {"owner": owner, "form": form})


@access_rule("owner_admin")
def import_preview(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    pending = request.session.get("import")
    path = _upload_dir() / pending["hash"] if pending and pending["owner"] == owner.pk else None
    if path is None or not path.is_file():
        messages.info(request, _("Choose a file to import first."))
        return render(
            request, "knowledge/import_upload.html", {"owner": owner, "form": UploadForm()}
        )
    name_map = _mapping(request)
    plan = plan_import(
        owner,
        path.read_bytes(),
        pending["name"],
        create_missing_schools=pending["create"],
        name_map=name_map,
    )
    if request.method == "POST" and request.POST.get("confirm") and not plan.errors:
        batch = apply_import(request.user, plan)
        path.unlink(missing_ok=True)
        del request.session["import"]
        if batch is None:
            messages.info(request, _("Nothing new: every figure in the file is already stored."))
        else:
            messages.success(
                request,
                _("Imported %(n)s new and %(u)s corrected figures.")
                % {"n": plan.created, "u": plan.updated},
            )
        return redirect("import_upload", owner.slug)
    return render(
        request,
        "knowledge/import_preview.html",
        {
            "owner": owner,
            "plan": plan,
            "report": plan.report(),
            "name_map": name_map,
            "schools": owner.schools.all(),
            "unmatched": sorted(plan.units_unmatched),
        },
    )


@access_rule("owner_admin")
def import_template(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    access.get_owner_as_admin(request.user, slug)
    if fmt == "xlsx":
        return FileResponse(template_xlsx(), as_attachment=True, filename="skolekvalitet-mal.xlsx")
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="skolekvalitet-mal.csv"'
    return response


@access_rule("school_view")
def knowledge_base(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    groups = queries.school_knowledge_base(school)
    return render(
        request,
        "knowledge/knowledge_base.html",
        {"school": school, "owner": school.owner, "groups": groups},
    )


@access_rule("owner_admin")
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = LocalIndicatorForm(request.POST or None, owner=owner)
    if request.method == "POST" and form.is_valid():
        actions.create_local_indicator(request.user, owner, form.instance)
        messages.success(request, _("The indicator was added."))
        return redirect("indicators", owner.slug)
    return render(
        request,
        "knowledge/indicators.html",
        {"owner": owner, "form": form, "catalogue": queries.catalogue(owner)},
    )
