"""A document survives being stored as JSON: the same HTML before and after."""

import json

from skolekvalitet.documents import frozen, render
from skolekvalitet.documents.model import Chart, Document, Heading, Paragraph, RichText, Table


def test_it_renders_the_same_html_after_a_round_trip_through_json():
    doc = Document("Tittel", "nn", "Undertittel", author="Demo herad")
    doc.add(Heading(1, "Kapittel"))
    doc.add(Paragraph("Tekst"))
    doc.add(RichText("<p>Fritekst</p>"))
    doc.add(Chart("<svg></svg>", "Figur"))
    doc.add(Table("Tabell", ("A", "B"), (("1,5", "2"), ("3", "4,25"))))
    again = frozen.from_data(json.loads(json.dumps(frozen.to_data(doc))))
    assert again == doc
    assert render.to_html(again) == render.to_html(doc)


def test_a_document_stored_before_it_had_an_author_still_loads():
    data = frozen.to_data(Document("Tittel", "nn", blocks=[Paragraph("Tekst")]))
    del data["author"]
    assert frozen.from_data(data) == Document("Tittel", "nn", blocks=[Paragraph("Tekst")])
