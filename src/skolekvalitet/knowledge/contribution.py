"""Storing an owner's own school contribution estimates in the knowledge base: one local
indicator per stage (`own_contribution_5_7`, …), never mixed with SSB's published ones."""

from django.db import transaction

from skolekvalitet.organisations.models import Owner, SchoolYear
from skolekvalitet.organisations.validators import validate_school_year
from skolekvalitet.stats.value_added import ContributionResult

from . import store
from .models import Import, Indicator, Observation


def own_indicator(owner: Owner, stage: str) -> Indicator:
    code = f"own_contribution_{stage.replace('-', '_')}"
    text = {
        "nb": (
            f"Eget beregnet skolebidrag {stage}. trinn",
            "Beregnet av skoleeieren med Skolekvalitets åpne metode (flernivåmodell, REML) på "
            "egne elevdata. Avvik fra snittet av skolene i dataene (0). Ikke det samme som "
            "SSBs skolebidragsindikator, og aldri sammenlignbart med andre trinn.",
        ),
        "nn": (
            f"Eige utrekna skulebidrag {stage}. trinn",
            "Rekna ut av skuleeigaren med den opne metoden i Skolekvalitet (fleirnivåmodell, "
            "REML) på eigne elevdata. Avvik frå snittet av skulane i dataa (0). Ikkje det same "
            "som skulebidragsindikatoren til SSB, og aldri samanliknbart med andre steg.",
        ),
        "en": (
            f"Own school contribution grades {stage}",
            "Computed by the owner with Skolekvalitet's open method (multilevel model, "
            "REML) on its own pupil data. Deviation from the mean of the schools in the data "
            "(0). Not SSB's school contribution indicator, and never comparable with other "
            "stages.",
        ),
    }
    grades = {"1-4": [1, 2, 3, 4], "5-7": [5, 6, 7], "8-10": [8, 9, 10]}[stage]
    indicator, _ = Indicator.objects.get_or_create(
        code=code,
        owner=owner,
        defaults={
            "name_nb": text["nb"][0],
            "name_nn": text["nn"][0],
            "name_en": text["en"][0],
            "explanation_nb": text["nb"][1],
            "explanation_nn": text["nn"][1],
            "explanation_en": text["en"][1],
            "quality": "result",
            "source": "Eigen berekning (Skolekvalitet)",
            "unit": "sbi",
            "direction": "higher",
            "grades": grades,
            "threshold": 10,
            "never_compare_group": "own_contribution",
        },
    )
    return indicator


@transaction.atomic
def store_contribution(
    owner_slug: str, result: ContributionResult, file_name: str, digest: str
) -> dict:
    owner = Owner.objects.get(slug=owner_slug)
    year_code = result.cohorts[-1]
    validate_school_year(year_code)
    year = SchoolYear.objects.get_or_create(code=year_code)[0]
    indicator = own_indicator(owner, result.stage)
    schools = {s.org_number: s for s in owner.schools.all()}
    batch = Import.objects.create(
        owner=owner,
        format="contribution",
        file_name=file_name,
        file_hash=digest,
        report=result.summary(),
    )
    figures, unmatched = [], []
    for row in result.tidy().iter_rows(named=True):
        school = schools.get(row["school_id"])
        if school is None:
            unmatched.append(row["school_id"])
            continue
        published = row["estimate"] is not None
        figures.append(
            Observation(
                indicator=indicator,
                school=school,
                school_year=year,
                value=row["estimate"],
                n=row["n_pupils"],
                uncertainty=row["se"],
                uncertainty_kind="se" if published else "",
                suppressed=not published,
                source_field="estimate",
            )
        )
    store.write(None, owner, figures, source=batch, action="import")
    stored = len(figures)
    return {"indicator": indicator.code, "stored": stored, "unmatched": unmatched}
