"""Issue 19 (a user tester): the pack's data sheet names an indicator's grade once, with
«trinn» («Trivsel (7. trinn)»), never a dangling «Trivsel, 7.»."""

import re

from django.utils import translation

from skolekvalitet.dialogues.pack import meeting_pack
from skolekvalitet.documents.model import Table
from tests.dialogues.test_frozen_pack import meeting  # noqa: F401  (the fixture)


def test_the_data_sheet_says_the_grade_with_trinn(world, meeting):  # noqa: F811
    with translation.override("nb"):
        doc = meeting_pack(meeting, school_side=True, reader=world.principal_a)
    names = [
        row[0]
        for block in doc.flat()
        if isinstance(block, Table) and block.header and block.header[0] == "Indikator"
        for row in block.rows
    ]
    assert "Trivsel (7. trinn)" in names
    assert not [n for n in names if re.search(r", \d+\.$", n)]
