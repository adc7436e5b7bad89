"""The preview says what confirming stores (issue 19): which indicators for which places (each
school, the municipality, the county, the nation), school years and how many figures, and says
plainly when a Udir file holds none of the owner's schools."""

import html
import re

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from skolekvalitet.knowledge.importing import plan_import
from tests.udir import NT5_2023, udir_file


def _preview(client, owner, name, data) -> str:
    upload = SimpleUploadedFile(name, data)
    client.post(reverse("import_upload", args=[owner.slug]), {"file": upload})
    response = client.get(reverse("import_preview", args=[owner.slug]))
    text = re.sub(r"<[^>]+>", " ", html.unescape(response.content.decode()))
    return re.sub(r"\s+", " ", text)


def test_a_udir_file_without_the_owners_schools_says_it_stores_only_area_figures(world, login):
    # Fjordvik (4699) is in Vestland (46); the national file has none of its schools.
    page = _preview(login(world.admin, language="nn"), world.owner, NT5_2023, udir_file(NT5_2023))
    assert (
        "Denne fila har ingen av skulane dykkar. Importerer du ho, blir berre tal for "
        "Vestland (fylket) og heile landet lagra."
    ) in page
    assert "Dette lagrar importen: 6 tal" in page
    assert (
        "Vestland (fylket) Nasjonale prøvar 5. trinn, engelsk, Nasjonale prøvar 5. trinn, "
        "lesing, Nasjonale prøvar 5. trinn, rekning 2023-24 3 0"
    ) in page
    assert "Heile landet Nasjonale prøvar 5. trinn, engelsk" in page
    assert "Importer 6 tal" in page


def test_a_template_names_each_school_it_stores_figures_for(world):
    rows = [
        f"ps_wellbeing;school;{world.school_a.org_number};2024-25;7;4,1",
        f"ps_wellbeing;school;{world.school_b.org_number};2024-25;9;3,9",
        f"ps_wellbeing;school;{world.school_b.org_number};2023-24;9;3,8",
    ]
    data = ("indicator;unit_kind;unit_code;school_year;grade;value\n" + "\n".join(rows)).encode()
    with translation.override("nb"):
        plan = plan_import(world.owner, data, "egne.csv")
        contents = plan.contents()
    assert plan.only_areas() is None
    assert contents == [
        {
            "place": "Alfheim skule",
            "indicators": ["Trivsel"],
            "years": ["2024-25"],
            "new": 1,
            "corrected": 0,
        },
        {
            "place": "Bakkeli SECRETB skule",
            "indicators": ["Trivsel"],
            "years": ["2023-24", "2024-25"],
            "new": 2,
            "corrected": 0,
        },
    ]


def test_the_command_says_what_it_stores_for_each_place(world, tmp_path, capsys):
    from django.core.management import call_command

    path = tmp_path / NT5_2023
    path.write_bytes(udir_file(NT5_2023))
    call_command("import", str(path), owner=world.owner.slug, dry_run=True, language="nn")
    out = capsys.readouterr().out
    assert (
        "  lagrar for heile landet: Nasjonale prøvar 5. trinn, engelsk, Nasjonale prøvar "
        "5. trinn, lesing, Nasjonale prøvar 5. trinn, rekning; skuleår 2023-24; 3 nye, 0 retta"
    ) in out
