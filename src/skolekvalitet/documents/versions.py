"""The visible difference between two saved versions of a document (plans, status reports)."""

import difflib
from typing import Protocol


class Version(Protocol):
    number: int
    text: str


def version_diff(older: Version, newer: Version) -> list[str]:
    """Unified diff lines ("+" added, "-" removed) between two versions' texts."""
    return list(
        difflib.unified_diff(
            older.text.splitlines(),
            newer.text.splitlines(),
            f"v{older.number}",
            f"v{newer.number}",
            lineterm="",
            n=1,
        )
    )
