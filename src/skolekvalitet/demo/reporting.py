"""Demo status reports: last year's final and published (public), this year's a draft."""

import random

from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.reporting import actions, published
from skolekvalitet.reporting.models import Narrative, ReportVersion, StatusReport

TEXTS = {
    "summary": "<p>Elevane i Demo herad trivst, og resultata på nasjonale prøvar ligg rundt "
    "landsnivået. Skilnadene mellom skulane er for det meste innanfor det tilfeldige "
    "variasjonar forklarer.</p>",
    "assessment": "<p>Skuleeigaren ser at <strong>Bjørkely skule</strong> treng støtte i "
    "arbeidet med grunnleggjande ferdigheiter, og at deltakinga i "
    "Elevundersøkinga har falle ved Øvrebø skule.</p>",
    "measures": "<ul><li>Felles satsing på lesing på mellomsteget.</li><li>Oppfølgingsavtale "
    "med Bjørkely skule.</li></ul>",
}


def build(owner: Owner, rng: random.Random) -> None:
    StatusReport.objects.filter(owner=owner).delete()
    admin = owner.memberships.filter(role="owner_admin").first().person
    years = list(SchoolYear.objects.order_by("-code")[:2])[::-1]
    for year in years:
        report = StatusReport.objects.create(
            owner=owner, school_year=year, language=owner.default_language
        )
        for key, html in TEXTS.items():
            Narrative.objects.create(report=report, key=key, html=html)
        if year != years[-1]:
            # Published before the copy is made, so that the stored cover says «Publisert».
            report.status, report.public = StatusReport.Status.PUBLISHED, True
            report.save()
            docs = published.documents_now(report)
            text = actions.report_text(report, docs[report.language])
            version = ReportVersion.objects.create(
                report=report,
                number=1,
                text=text,
                saved_by=admin,
                kind=ReportVersion.Kind.PUBLISHED,
            )
            published.freeze_copy(report, version, docs)
