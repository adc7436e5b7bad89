"""A figure's development has one verdict everywhere in the status report: the appendix's table
per school says what the chapter's table says for the same school and indicator (issue 18)."""

import pytest
from django.utils import translation
from django.utils.translation import gettext as _

from skolekvalitet.documents.model import Heading, Table


def _development_by_school(doc) -> tuple[dict, dict]:
    """(chapter, appendix): {(school, indicator caption): the development's words}."""
    development = _("Development")
    chapter, appendix = {}, {}
    school = None
    for block in doc.flat():
        if isinstance(block, Heading) and block.level == 2:
            school = block.text.rsplit(" (", 1)[0]
        if not isinstance(block, Table) or development not in block.header:
            continue
        column = block.header.index(development)
        if block.key:  # a chapter's table: a row per unit
            caption = block.caption.rsplit(":", 1)[0]
            for row in block.rows:
                chapter[row[0], caption] = row[column]
        elif block.caption == _("Key figures, %(school)s") % {"school": school}:
            for row in block.rows:
                appendix[school, row[0]] = row[column]
    return chapter, appendix


@pytest.mark.parametrize("language", ["nb", "nn"])
def test_the_appendix_gives_each_figure_the_chapters_development(demo, language):
    from skolekvalitet.reporting.build import build_document

    with translation.override(language):
        doc, _filled = build_document(demo[1], language)
        chapter, appendix = _development_by_school(doc)
    both = sorted(set(chapter) & set(appendix))
    assert len(both) >= 10, (len(chapter), len(appendix))
    assert any(school == "Heradshaugen ungdomsskule" for school, _c in both)
    differ = [(key, chapter[key], appendix[key]) for key in both if chapter[key] != appendix[key]]
    assert differ == []
