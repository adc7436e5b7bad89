"""Fetching pupil-survey tables from Udir's statistics API (`skolekvalitet fetch`).

Every answer is stored as it came (so an import can always be traced and redone). Before
anything is imported, each answer is compared with the layout the reader knows
(sources.udir_api.layout_change): Udir says the API may change without notice, and a changed
layout would otherwise import garbage or nothing without saying so. When any answer has
changed, nothing of the run is imported, the answer is kept beside the others marked
`.refused`, the owner's administrators are told (e-mail and the audit log), and the figures
from the last good answer stay as they are. The last good answer of each table is kept in
`last-good/`; an answer identical to it imports nothing.
"""

import datetime
import hashlib
import shutil
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from skolekvalitet.audit.log import record
from skolekvalitet.organisations.models import Membership, Owner
from skolekvalitet.organisations.roles import Role
from skolekvalitet.sources.udir_api import LayoutChange, layout_change, request_url

from .importing import apply_import, plan_import

Opener = Callable[[str], bytes]


class FetchError(Exception):
    """The run imported nothing; the message says why (in the owner's language)."""


def http_get(url: str) -> bytes:
    request = urllib.request.Request(
        url, headers={"Accept": "application/json", "User-Agent": "skolekvalitet"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return response.read()


@dataclass
class Answer:
    table: int
    path: Path
    data: bytes
    change: LayoutChange | None = None
    unchanged: bool = False
    report: dict = field(default_factory=dict)


def folder(owner: Owner) -> Path:
    path = Path(settings.DATA_DIR) / "fetched" / owner.slug
    (path / "last-good").mkdir(parents=True, exist_ok=True)
    return path


def last_good(owner: Owner, table: int) -> Path:
    return folder(owner) / "last-good" / f"tabell_{table}.json"


def fetch(
    owner: Owner,
    tables: list[int],
    years: list[str],
    opener: Opener = http_get,
    dry_run: bool = False,
) -> list[Answer]:
    """Ask for every table, store the answers, check their layout, then import them all or
    none. Raises FetchError (nothing imported) when Udir does not answer or a layout changed."""
    numbers = list(owner.schools.values_list("org_number", flat=True))
    answers = []
    for table in tables:
        url = request_url(table, numbers, years)  # SourceError for an unknown table
        try:
            data = opener(url)
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            raise FetchError(
                _("Udir did not answer for table %(table)s (%(error)s). Nothing was imported.")
                % {"table": table, "error": error}
            ) from None
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%dT%H%M%S")
        name = f"tabell_{table}_{stamp}_{hashlib.sha256(data).hexdigest()[:8]}.json"
        path = folder(owner) / name
        path.write_bytes(data)
        change = layout_change(table, data.decode("utf-8", errors="replace"))
        good = last_good(owner, table)
        same = good.is_file() and good.read_bytes() == data
        answers.append(Answer(table, path, data, change or None, same))
    refused = [a for a in answers if a.change]
    if refused:
        for answer in refused:
            answer.path = answer.path.rename(answer.path.with_suffix(".refused.json"))
        tell_owner(owner, refused)
        raise FetchError(changed_text(refused))
    with transaction.atomic():
        for answer in answers:
            if answer.unchanged:
                continue
            plan = plan_import(owner, answer.data, answer.path.name)
            if plan.errors:
                raise FetchError("; ".join(plan.errors))
            if not dry_run:
                apply_import(None, plan)
            answer.report = plan.report()
    if not dry_run:
        for answer in answers:
            shutil.copyfile(answer.path, last_good(owner, answer.table))
    return answers


def describe(change: LayoutChange) -> str:
    """What changed, in the reader's language (column names and values as Udir wrote them)."""
    parts = [_(change.message)] if change.message else []
    if change.missing:
        parts.append(
            _("missing columns: %(columns)s") % {"columns": ", ".join(sorted(change.missing))}
        )
    if change.unexpected:
        parts.append(
            _("new columns: %(columns)s") % {"columns": ", ".join(sorted(change.unexpected))}
        )
    for column, values in sorted(change.unknown_values.items()):
        shown = ", ".join(sorted(values)[:5])
        parts.append(
            _("unknown values of %(column)s: %(values)s") % {"column": column, "values": shown}
        )
    return "; ".join(parts)


def changed_text(refused: list[Answer]) -> str:
    tables = ", ".join(str(a.table) for a in refused)
    details = " ".join(f"{a.table}: {describe(a.change)}." for a in refused if a.change)
    return _(
        "Udir's statistics API answered table %(tables)s in a layout Skolekvalitet does not "
        "know, so nothing was imported; the figures from the last good answer are kept. "
        "What changed: %(details)s The answer is saved as %(files)s."
    ) % {
        "tables": tables,
        "details": details,
        "files": ", ".join(a.path.name for a in refused),
    }


def tell_owner(owner: Owner, refused: list[Answer]) -> None:
    """The owner's administrators, by e-mail in the owner's language, and the audit log."""
    with translation.override(owner.default_language):
        subject = _("Udir's statistics changed: nothing was imported")
        body = changed_text(refused)
        changes = {str(a.table): [None, describe(a.change)] for a in refused if a.change}
    admins = Membership.objects.filter(
        owner=owner, school=None, role=Role.OWNER_ADMIN
    ).select_related("person")
    emails = sorted({m.person.email for m in admins if m.person.email})
    if emails:
        send_mail(subject, body, None, emails)
    record(None, owner, "fetch_refused", owner, changes)
