"""`skolekvalitet analyse --owner SLUG --year 2025-26 --json`: profiles, flags and key
indicators per school, through the same chain as the pages."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone, translation

from skolekvalitet.analysis.models import FollowUpRules
from skolekvalitet.analysis.sheet import (
    KEY_COLUMNS,
    analyse_school,
    overdue_agreements,
    sheet_row,
)
from skolekvalitet.analysis.texts import flag_text
from skolekvalitet.knowledge.chain import Chain
from skolekvalitet.organisations.models import Owner
from skolekvalitet.organisations.validators import validate_school_year


def _indicator(row) -> dict:
    latest = row.latest
    interval = latest.interval
    return {
        "indicator": row.indicator.code,
        "grade": row.grade,
        "year": latest.year,
        "value": latest.shown.value,
        "status": latest.shown.status,
        "n": latest.shown.n,
        "interval": [interval.low, interval.high] if interval else None,
        "comparison": {level: verdict for level, (_, verdict) in row.comparisons.items()},
        "verdict": row.verdict,
        "trend": row.trend.direction,
        "trend_slope": row.trend.slope,
    }


class Command(BaseCommand):
    help = "Analyse an owner's schools: profiles, follow-up flags and key indicators."

    def add_arguments(self, parser):
        parser.add_argument("--owner", required=True)
        parser.add_argument("--year", required=True, help="analyse the data up to this year")
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, owner, year, json: bool, **options):
        try:
            owner_obj = Owner.objects.get(slug=owner)
            validate_school_year(year)
        except Owner.DoesNotExist:
            raise CommandError(f"no owner with slug {owner!r}") from None
        except Exception as error:
            raise CommandError(f"{year}: not a school year like 2025-26") from error
        schools = list(owner_obj.schools.all())
        chain = Chain(owner_obj, schools, upto_year=year)
        rules = FollowUpRules.for_owner(owner_obj)
        by_code = {i.code: i for i in chain.indicators.values()}
        names = {i.code: i.name_en for i in chain.indicators.values()}
        out = []
        translation.activate("en")
        late = overdue_agreements(owner_obj, timezone.localdate())
        for school in sorted(schools, key=lambda s: s.name):
            analysis = analyse_school(chain, school, rules, late.get(school.pk, 0))
            rows = [
                sheet_row(chain, school, by_code[code], grade)
                for code, grade in KEY_COLUMNS
                if code in by_code
            ]
            out.append(
                {
                    "school": school.name,
                    "org_number": school.org_number,
                    "profile": {
                        stage: {
                            "profile": p.number,
                            "criteria": {
                                str(n): {c.code: c.met for c in cs} for n, cs in p.criteria.items()
                            },
                        }
                        for stage, p in analysis.profiles.items()
                    },
                    "flags": [
                        {"code": f.code, "reason": flag_text(f, names), "evidence": f.evidence}
                        for f in analysis.flags
                    ],
                    "indicators": [_indicator(r) for r in rows if r is not None],
                }
            )
        if json:
            self.stdout.write(
                json_module.dumps(
                    {"owner": owner_obj.slug, "year": year, "schools": out},
                    ensure_ascii=False,
                    indent=2,
                )
            )
            return
        for item in out:
            profiles = ", ".join(f"{s}: {p['profile'] or '–'}" for s, p in item["profile"].items())
            flags = ", ".join(f["code"] for f in item["flags"]) or "–"
            self.stdout.write(f"{item['school']}: profile {profiles or '–'}; flags {flags}")


json_module = json
