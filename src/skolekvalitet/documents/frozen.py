"""A document as plain JSON data and back, so that what was decided (an approved meeting pack,
a published status report) can be stored as it was shown and rendered again, unchanged, later.
Every block of documents.model is a frozen dataclass; nested blocks (a group's) come along."""

import dataclasses
from typing import Any

from . import model
from .model import Document


def _out(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            "kind": type(value).__name__,
            **{f.name: _out(getattr(value, f.name)) for f in dataclasses.fields(value)},
        }
    if isinstance(value, list | tuple):
        return [_out(v) for v in value]
    return value


def _in(value: Any) -> Any:
    if isinstance(value, dict) and "kind" in value:
        cls = getattr(model, value["kind"])
        # A field added since the document was stored takes its default.
        return cls(
            **{f.name: _in(value[f.name]) for f in dataclasses.fields(cls) if f.name in value}
        )
    if isinstance(value, list):
        return tuple(_in(v) for v in value)  # blocks keep tuples, as they are built
    return value


def to_data(doc: Document) -> dict[str, Any]:
    return {
        "title": doc.title,
        "language": doc.language,
        "subtitle": doc.subtitle,
        "blocks": [_out(b) for b in doc.blocks],
        "author": doc.author,
    }


def from_data(data: dict[str, Any]) -> Document:
    return Document(
        data["title"],
        data["language"],
        data.get("subtitle", ""),
        [_in(b) for b in data["blocks"]],
        data.get("author", ""),
    )
