"""The demo owner «Demo herad»: synthetic, deterministic (one seeded random generator) data for
every part of the product, built by `skolekvalitet demo`. Re-running refreshes the same objects.

The demo sits above the product apps: it may import them, they never import it (an import-linter
contract in pyproject.toml holds this). This package is also the Django app that carries the
`demo` command, so it is imported before the models are ready: the generators that use models are
imported when the demo is built."""

import random
from dataclasses import dataclass

from django.db import transaction

from skolekvalitet.organisations.validators import org_number_check_digit

SEED = 4622  # Kvam's municipality number
SLUG = "demo"
PASSWORD = "demo"
DOMAIN = "demo.example"
YEARS_BACK = 6  # five school-contribution periods even for last school year's analysis

# name, address slug, first grade, last grade, approximate pupils
SCHOOLS = [
    ("Nordvik skule", "nordvik", 1, 7, 22),
    ("Lid skule", "lid", 1, 7, 38),
    ("Fjellstad skule", "fjellstad", 1, 7, 56),
    ("Øvrebø skule", "ovrebo", 1, 7, 130),
    ("Sætre skule", "saetre", 1, 7, 235),
    ("Granhaug skule", "granhaug", 1, 7, 330),
    ("Bjørkely skule", "bjorkely", 1, 10, 270),
    ("Heradshaugen ungdomsskule", "heradshaugen", 8, 10, 300),
]


@dataclass(frozen=True)
class Login:
    role: str
    email: str
    where: str


def org_number(index: int) -> str:
    """Valid (mod-11) organisation numbers in a range that marks them as demo data."""
    base = 999_100_00 + index * 7
    while (check := org_number_check_digit(str(base))) is None:
        base += 1
    return f"{base}{check}"


@transaction.atomic
def build_demo() -> list[Login]:
    from skolekvalitet.api.actions import set_open_data
    from skolekvalitet.audit.log import record
    from skolekvalitet.organisations.schoolyears import current_school_year

    from . import dialogues, knowledge, organisations, plans, reporting, surveys

    rng = random.Random(SEED)
    owner, logins = organisations.build(rng)
    knowledge.build(owner, rng)
    # In dependency order: figures before the plans that cite them, surveys before the annual
    # cycle, everything before the report that summarises it. Each part draws from its own
    # generator, so that changing one part leaves the others' data as they were.
    for part in (plans, surveys, dialogues, reporting):
        part.build(owner, random.Random(f"{SEED}:{part.__name__}"))
    # Open data published, so that its page and files can be tried (/open/demo/).
    set_open_data(owner.memberships.filter(role="owner_admin").first().person, owner, True)
    record(None, owner, "demo", owner, {"refreshed": [None, current_school_year().code]})
    return logins
