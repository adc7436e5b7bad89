from django.urls import reverse

from skolekvalitet.audit.models import AuditEvent
from skolekvalitet.organisations.models import Enrolment, School
from skolekvalitet.organisations.schoolyears import current_school_year
from tests.conftest import make_org_number


def _form(**overrides):
    data = {
        "name": "Cedervik skule",
        "org_number": make_org_number(9),
        "first_grade": 1,
        "last_grade": 7,
        "pupils_1": 20,
        "pupils_2": 22,
    }
    return {**data, **overrides}


def test_it_lets_the_owner_admin_add_a_school(world, login):
    client = login(world.admin)
    response = client.post(reverse("school_create", args=[world.owner.slug]), _form())
    school = School.objects.get(name="Cedervik skule")
    assert response.status_code == 302
    assert school.owner == world.owner
    assert {e.grade: e.pupils for e in Enrolment.objects.filter(school=school)} == {1: 20, 2: 22}
    event = AuditEvent.objects.get(object_type="organisations.school", object_id=str(school.pk))
    assert event.actor == world.admin and event.action == "create"
    assert event.changes["name"] == [None, "Cedervik skule"]


def test_it_refuses_an_invalid_organisation_number_and_saves_nothing(world, login):
    response = login(world.admin).post(
        reverse("school_create", args=[world.owner.slug]), _form(org_number="123456789")
    )
    assert response.status_code == 200
    assert "check digit" in response.content.decode()
    assert not School.objects.filter(name="Cedervik skule").exists()
    assert not AuditEvent.objects.exists()


def test_it_refuses_a_duplicate_school(world, login):
    response = login(world.admin).post(
        reverse("school_create", args=[world.owner.slug]),
        _form(name="alfheim SKULE", org_number=world.school_a.org_number),
    )
    body = response.content.decode()
    assert "already has a school with this name" in body
    assert "already has a school with this number" in body
    assert School.objects.filter(owner=world.owner).count() == 2


def test_it_allows_the_same_number_at_another_owner_without_revealing_it(world, login):
    response = login(world.outsider).post(
        reverse("school_create", args=[world.other_owner.slug]),
        _form(org_number=world.school_a.org_number),
    )
    assert response.status_code == 302


def test_it_refuses_pupils_in_grades_the_school_does_not_teach(world, login):
    response = login(world.admin).post(
        reverse("school_create", args=[world.owner.slug]), _form(last_grade=4, pupils_9=12)
    )
    assert "does not teach this grade" in response.content.decode()
    assert not School.objects.filter(name="Cedervik skule").exists()


def test_it_lets_the_principal_edit_and_records_what_changed(world, login):
    url = reverse("school_edit", args=[world.owner.slug, world.school_a.pk])
    response = login(world.principal_a).post(
        url, _form(name="Alfheim skule", org_number=world.school_a.org_number)
    )
    assert response.status_code == 302
    event = AuditEvent.objects.get(action="update")
    assert event.changes[f"pupils {current_school_year()} grade 1"] == [None, 20]
    assert "name" not in event.changes


def test_it_forbids_the_teacher_to_edit(world, login):
    url = reverse("school_edit", args=[world.owner.slug, world.school_a.pk])
    response = login(world.teacher_a).post(url, _form(name="Hacked"))
    assert response.status_code == 403
    world.school_a.refresh_from_db()
    assert world.school_a.name == "Alfheim skule"


def test_it_hides_the_school_from_another_owner(world, login):
    url = reverse("school_edit", args=[world.owner.slug, world.school_a.pk])
    assert login(world.outsider).post(url, _form(name="Hacked")).status_code == 404
    url = reverse("school_edit", args=[world.other_owner.slug, world.school_a.pk])
    assert login(world.outsider).post(url, _form(name="Hacked")).status_code == 404
    world.school_a.refresh_from_db()
    assert world.school_a.name == "Alfheim skule"


def test_it_shows_the_school_facts(world, login):
    Enrolment.objects.create(
        school=world.school_a, school_year=current_school_year(), grade=3, pupils=17
    )
    body = login(world.teacher_a).get(world.school_a.get_absolute_url()).content.decode()
    assert world.school_a.org_number in body
    assert "1–7" in body and "Rita Rektor" in body and "Lars Lærar" in body
    assert ">17<" in body
    assert reverse("school_edit", args=[world.owner.slug, world.school_a.pk]) not in body


def test_it_lists_only_the_principals_own_school(world, login):
    body = login(world.principal_b).get(reverse("owner", args=[world.owner.slug])).content
    assert b"Bakkeli" in body and b"Alfheim" not in body


def test_it_lists_schools_in_a_fixed_number_of_queries(world, login, django_assert_max_num_queries):
    client = login(world.admin)
    for n in range(10):
        School.objects.create(
            owner=world.owner,
            name=f"Skule {n}",
            org_number=make_org_number(20 + n),
            first_grade=1,
            last_grade=7,
        )
    with django_assert_max_num_queries(12):
        assert client.get(reverse("owner", args=[world.owner.slug])).status_code == 200
