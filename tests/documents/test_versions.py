"""A version's changes as its reader reads them (a user test found the report's versions page
showing a raw HTML diff): per chapter, plain text with what was removed in <del> and what was
added in <ins>, and nothing when nothing changed."""

from types import SimpleNamespace

from skolekvalitet.documents.versions import readable, version_diff

OLDER = """Kvalitetsmelding 2026-27 – Demo herad
Skuleeigar: Demo herad

# Dei viktigaste funna
<p>Elevane <strong>trivst</strong>, og resultata ligg rundt landsnivået.</p>\
<ul><li>Lesing</li><li>Rekning &amp; skriving</li></ul>

# Elevar og lærarar
## Elevar per lærar
Bjørkely skule | 13,5 | 13,4
Granhaug skule | 16,3 | 16,7"""


def _diff(older: str, newer: str):
    return version_diff(
        SimpleNamespace(number=1, text=older), SimpleNamespace(number=2, text=newer)
    )


def test_html_kept_in_a_version_reads_as_its_text_with_a_list_item_a_line():
    lines = readable(OLDER)
    assert "Elevane trivst, og resultata ligg rundt landsnivået." in lines
    assert lines[4:6] == ["• Lesing", "• Rekning & skriving"]
    assert not [line for line in lines if "<" in line or not line.strip()]


def test_the_changes_are_plain_text_per_chapter_with_the_words_marked():
    newer = (
        OLDER.replace("Elevane <strong>trivst</strong>,", "Elevane trivst godt,")
        .replace("<li>Lesing</li>", "")
        .replace("13,4", "13,9")
        + "\n<p>Ny <em>tekst</em> her.</p>"
    )
    sections = _diff(OLDER, newer)
    assert [s.title for s in sections] == [
        "Dei viktigaste funna",
        "Elevar og lærarar – Elevar per lærar",
    ]
    found = {s.title: [(c.kind, str(c.html)) for c in s.changes] for s in sections}
    assert found["Dei viktigaste funna"] == [
        ("changed", "Elevane trivst <ins>godt</ins>, og resultata ligg rundt landsnivået."),
        ("removed", "<del>• Lesing</del>"),
    ]
    assert found["Elevar og lærarar – Elevar per lærar"] == [
        ("changed", "Bjørkely skule | 13,5 | <del>13,4</del><ins>13,9</ins>"),
        ("added", "<ins>Ny tekst her.</ins>"),
    ]
    shown = " ".join(html for changes in found.values() for _kind, html in changes)
    assert "<p>" not in shown and "<li>" not in shown and "<strong>" not in shown


def test_a_line_unlike_the_one_it_replaces_is_one_removed_and_one_added():
    sections = _diff("T\n# Kapittel\nHeilt anna tekst", "T\n# Kapittel\n<p>Noko nytt & betre</p>")
    assert [(c.kind, str(c.html)) for c in sections[0].changes] == [
        ("removed", "<del>Heilt anna tekst</del>"),
        ("added", "<ins>Noko nytt &amp; betre</ins>"),
    ]


def test_a_line_removed_is_in_the_chapter_it_was_in_and_before_any_in_the_title():
    older = "Tittel\nSkuleår: 2025-26\n# A\nUt\n# B\nInne"
    sections = _diff(older, "Tittel\nSkuleår: 2026-27\n# A\n# B\nInne")
    assert [(s.title, [c.kind for c in s.changes]) for s in sections] == [
        ("Tittel", ["changed"]),
        ("A", ["removed"]),
    ]


def test_html_that_reads_the_same_is_no_change():
    assert _diff(OLDER, OLDER.replace("<p>", "<p>\n").replace("</li>", "</li>\n")) == []
    assert _diff("T\n<p>Ein<br>to</p>", "T\nEin to") == []
