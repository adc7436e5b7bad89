"""An import never changes a school's grades behind the owner's back (issue 19): a filled-in
template's grade outside the school's grades is an error; a Udir file that widens them says so,
and undoing it puts them back."""

from django.utils import translation

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.knowledge.importing import apply_import, plan_import, plan_undo, undo_import
from skolekvalitet.knowledge.models import Observation
from skolekvalitet.organisations.models import Owner, School
from tests.udir import NT5_2022, NT8_2022, kvam_org_numbers, udir_file

HEADER = "indicator;unit_kind;unit_code;school_year;grade;value\n"


def test_a_template_grade_outside_the_schools_grades_is_an_error_and_nothing_is_written(world):
    ours = world.school_a.org_number  # Alfheim skule, grades 1–7
    data = (
        HEADER
        + f"ps_wellbeing;school;{ours};2024-25;7;4,1\n"
        + f"ps_wellbeing;school;{ours};2024-25;11;4,2\n"
    ).encode()
    with translation.override("nb"):
        plan = plan_import(world.owner, data, "egne.csv")
    assert plan.errors == [
        "egne.csv, linje 3 (Alfheim skule), kolonne grade: trinn 11 finnes ikke ved Alfheim "
        "skule, som har 1.–7. trinn: rett trinnet, eller skolens trinn under Skoler hvis de er feil"
    ]
    assert plan.widen == {}
    world.school_a.refresh_from_db()
    assert (world.school_a.first_grade, world.school_a.last_grade) == (1, 7)
    assert not Observation.objects.exists()


def test_a_template_within_the_grades_never_changes_them(world):
    ours = world.school_a.org_number
    data = (HEADER + f"ps_wellbeing;school;{ours};2024-25;5;4,1\n").encode()
    plan = plan_import(world.owner, data, "egne.csv")
    assert plan.errors == [] and plan.widen == {}
    apply_import(None, plan)
    world.school_a.refresh_from_db()
    assert (world.school_a.first_grade, world.school_a.last_grade) == (1, 7)


def test_undoing_a_udir_file_that_widened_a_schools_grades_puts_them_back(db):
    kvam = Owner.objects.create(
        slug="kvam", name="Kvam herad", kind="municipality", municipality_number="4622"
    )
    strandebarm = kvam_org_numbers()["Strandebarm skule"]
    plan = plan_import(kvam, udir_file(NT5_2022), NT5_2022, create_schools=[strandebarm])
    apply_import(None, plan)
    school = School.objects.get(org_number=strandebarm)
    assert (school.first_grade, school.last_grade) == (1, 7)
    with translation.override("nn"):
        plan = plan_import(kvam, udir_file(NT8_2022), NT8_2022)
    assert (
        "Strandebarm skule har 1.–7. trinn, men fila har tal for andre trinn: skulen får "
        "1.–10. trinn (angrar du importen, får han tilbake trinna han hadde)"
    ) in plan.warnings
    batch = apply_import(None, plan)
    school.refresh_from_db()
    assert (school.first_grade, school.last_grade) == (1, 10)
    with translation.override("nb"):
        assert plan_undo(batch).grades_back == ["Strandebarm skule: 1.–7. trinn"]
    undo_import(None, batch)
    school.refresh_from_db()
    assert (school.first_grade, school.last_grade) == (1, 7)
    events = AuditEvent.objects.filter(object_type="organisations.school", action="update")
    event = events.order_by("pk").last()
    assert event.changes == {"grades": [[1, 10], [1, 7]]}
