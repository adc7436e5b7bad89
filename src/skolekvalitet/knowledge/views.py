"""Import pages and the school's knowledge base. Objects come only through access helpers."""

import datetime
import hashlib
import secrets

from django.contrib import messages
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from skolekvalitet.documents import present
from skolekvalitet.organisations import access
from skolekvalitet.organisations.access import access_rule

from . import actions, queries
from .areas import catalogue_groups
from .forms import LocalIndicatorForm, UploadForm
from .importing import (
    MAX_ERRORS,
    UndoRefused,
    apply_import,
    dump_parsed,
    load_parsed,
    plan_parsed,
    plan_undo,
    read_file,
    summary,
    touched_of,
    undo_blockers_of,
    undo_import,
    undone_text,
)
from .template import explanation, template_csv, template_xlsx

UPLOAD_MAX_AGE = 24 * 3600  # seconds an unconfirmed import is kept


def _upload_name(token: str) -> str:
    """Parsed uploads live in Django's storage (a folder, or object storage in production)."""
    return f"uploads/{token}.json"


def _pending_path(request: HttpRequest, owner) -> str | None:
    """The parsed file of the import this user started for this owner, if it is still there."""
    pending = request.session.get("import")
    if not pending or pending.get("owner") != owner.pk or "token" not in pending:
        return None
    name = _upload_name(pending["token"])
    return name if default_storage.exists(name) else None


def _discard(request: HttpRequest) -> None:
    """Delete the user's unconfirmed import and every other one older than a day."""
    pending = request.session.pop("import", None)
    if pending and "token" in pending:
        default_storage.delete(_upload_name(pending["token"]))
    cutoff = timezone.now() - datetime.timedelta(seconds=UPLOAD_MAX_AGE)
    try:
        _folders, files = default_storage.listdir("uploads")
    except FileNotFoundError:
        return
    for file in files:
        if default_storage.get_modified_time(f"uploads/{file}") < cutoff:
            default_storage.delete(f"uploads/{file}")


def _mapping(data) -> dict[str, str]:
    return {
        data[k]: data[f"target-{k[5:]}"]
        for k in data
        if k.startswith("name-") and data.get(f"target-{k[5:]}")
    }


def _plan(request: HttpRequest, owner, path: str, data):
    pending = request.session["import"]
    with default_storage.open(path, "rb") as stream:
        parsed = load_parsed(stream.read().decode())
    return plan_parsed(
        owner,
        parsed,
        pending["name"],
        pending["hash"],
        create_missing_schools=pending["create"],
        name_map=_mapping(data),
        create_schools=data.getlist("create"),
    )


@access_rule("owner_admin")
def import_upload(request: HttpRequest, slug: str) -> HttpResponse:
    """Upload a file: it is parsed once here; only the parsed figures are kept until the
    import is confirmed or cancelled (never the file itself)."""
    owner = access.get_owner_as_admin(request.user, slug)
    form = UploadForm(request.POST or None, request.FILES or None)
    errors: list[str] = []
    if request.method == "POST" and form.is_valid():
        _discard(request)
        upload = form.cleaned_data["file"]
        data = upload.read()
        parsed, errors = read_file(data, upload.name, owner)
        if parsed is not None:
            token = secrets.token_hex(16)
            default_storage.save(_upload_name(token), ContentFile(dump_parsed(parsed).encode()))
            request.session["import"] = {
                "owner": owner.pk,
                "token": token,
                "hash": hashlib.sha256(data).hexdigest(),
                "name": upload.name,
                "create": form.cleaned_data["create_missing_schools"],
            }
            return redirect("import_preview", owner.slug)
    status = 400 if form.errors or errors else 200
    return render(
        request,
        "knowledge/import_upload.html",
        {"owner": owner, "form": form, "columns": explanation(), **_errors(errors)},
        status=status,
    )


def _errors(errors: list[str]) -> dict:
    """The first MAX_ERRORS errors to show, and how many more there are."""
    return {"errors": errors[:MAX_ERRORS], "more_errors": max(0, len(errors) - MAX_ERRORS)}


@require_GET
@access_rule("owner_admin")
def import_preview(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    path = _pending_path(request, owner)
    if path is None:
        messages.info(request, _("Choose a file to import first."))
        return redirect("import_upload", owner.slug)
    plan = _plan(request, owner, path, request.GET)
    return render(
        request,
        "knowledge/import_preview.html",
        {
            "owner": owner,
            "plan": plan,
            "report": plan.report(),
            **_errors(plan.errors),
            "confirm": ngettext(
                "Import %(count)s figure", "Import %(count)s figures", plan.to_write
            )
            % {"count": present.number(plan.to_write, 0)}
            if plan.to_write
            else _("Import the file"),
            "name_map": _mapping(request.GET),
            "schools": owner.schools.all(),
            "unmatched": sorted(plan.units_unmatched),
            "chosen": request.GET.getlist("create"),
        },
    )


@require_POST
@access_rule("owner_admin")
def import_confirm(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    path = _pending_path(request, owner)
    if path is None:
        messages.info(request, _("Choose a file to import first."))
        return redirect("import_upload", owner.slug)
    plan = _plan(request, owner, path, request.POST)
    if plan.errors:
        return redirect("import_preview", owner.slug)
    batch = apply_import(request.user, plan)
    _discard(request)
    if batch is None:
        messages.info(request, _("Nothing new: every figure in the file is already stored."))
        return redirect("import_upload", owner.slug)
    messages.success(
        request,
        _("Imported %(file)s: %(what)s.") % {"file": batch.file_name, "what": summary(batch)},
    )
    return redirect("import_history", owner.slug)


@require_GET
@access_rule("owner_admin")
def import_history(request: HttpRequest, slug: str) -> HttpResponse:
    """Who imported which file when, what it did, and undoing an import."""
    owner = access.get_owner_as_admin(request.user, slug)
    imports = list(owner.imports.select_related("actor", "undone_by")[:100])
    blockers = undo_blockers_of(imports)  # an undone one's is said by its undo (the template)
    touched = touched_of(owner, imports)
    rows = [
        {"batch": b, "summary": summary(b), "touched": touched[b.pk], "blockers": blockers[b.pk]}
        for b in imports
    ]
    return render(request, "knowledge/import_history.html", {"owner": owner, "rows": rows})


@require_http_methods(["GET", "POST"])
@access_rule("owner_admin")
def import_undo(request: HttpRequest, slug: str, import_pk: int) -> HttpResponse:
    """GET: what undoing the import would do, and a button to do it; POST: undo it."""
    owner = access.get_owner_as_admin(request.user, slug)
    batch = get_object_or_404(owner.imports.select_related("actor"), pk=import_pk)
    if request.method == "GET":
        undo = plan_undo(batch)
        return render(
            request,
            "knowledge/import_undo.html",
            {"owner": owner, "batch": batch, "undo": undo, "summary": summary(batch)},
        )
    since = timezone.now()
    try:
        done = undo_import(request.user, batch)
    except UndoRefused as refused:
        messages.error(
            request,
            _("%(file)s cannot be undone: %(why)s") % {"file": batch.title, "why": refused},
        )
    else:
        messages.success(request, undone_text(batch, done, since))
    return redirect("import_history", owner.slug)


@require_POST
@access_rule("owner_admin")
def import_cancel(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    _discard(request)
    return redirect("import_upload", owner.slug)


@access_rule("owner_admin")
def import_template(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    if fmt not in ("csv", "xlsx"):
        raise Http404
    if fmt == "xlsx":
        return FileResponse(
            template_xlsx(owner), as_attachment=True, filename="skolekvalitet-mal.xlsx"
        )
    response = HttpResponse(template_csv(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="skolekvalitet-mal.csv"'
    return response


@access_rule("school_view")
def knowledge_base(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    school = access.get_school(request.user, slug, pk)
    groups = queries.school_knowledge_base(
        school, staff_results=access.may_read_staff_results(request.user, school)
    )
    return render(
        request,
        "knowledge/knowledge_base.html",
        {"school": school, "owner": school.owner, "groups": groups},
    )


@access_rule("owner_member")
def indicators(request: HttpRequest, slug: str) -> HttpResponse:
    """The catalogue, for everyone with a role at the owner (a principal choosing an indicator
    for a plan reads what it measures); its administrators also add local indicators."""
    owner = access.get_owner(request.user, slug)
    return catalogue_page(request, owner)


def catalogue_page(request: HttpRequest, owner, form=None, status: int = 200) -> HttpResponse:
    admin = access.is_owner_admin(request.user, owner)
    query = request.GET.get("q", "").strip()
    groups = catalogue_groups(queries.catalogue(owner), query)
    return render(
        request,
        "knowledge/indicators.html",
        {
            "owner": owner,
            "form": (form or LocalIndicatorForm(owner=owner)) if admin else None,
            "groups": groups,
            "query": query,
            "found": sum(len(g["indicators"]) for g in groups),
        },
        status=status,
    )


@access_rule("owner_admin")
@require_POST
def indicator_add(request: HttpRequest, slug: str) -> HttpResponse:
    owner = access.get_owner_as_admin(request.user, slug)
    form = LocalIndicatorForm(request.POST, owner=owner)
    if not form.is_valid():
        return catalogue_page(request, owner, form, status=400)
    actions.create_local_indicator(request.user, owner, form.instance)
    messages.success(request, _("The indicator was added."))
    return redirect("indicators", owner.slug)
