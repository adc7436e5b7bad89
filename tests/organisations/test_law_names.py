"""The activity duty is opplæringslova chapter 12 today: every text a user reads names chapter 12,
and names 9A only as its former number («tidlegare 9A»)."""

import ast
import re
from pathlib import Path

import polib

import skolekvalitet

ROOT = Path(skolekvalitet.__file__).parent
BARE = re.compile(
    r"(?<!tidlegare )(?<!tidligere )(?<!formerly )(?<!tidlegare kapittel )"
    r"(?<!tidligere kapittel )(?<!formerly chapter )\b9A\b"
)


def _docstrings(tree) -> set[int]:
    ids = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                ids.add(id(body[0].value))
    return ids


def test_no_text_names_chapter_9a_as_todays_law():
    found = []
    for path in ROOT.rglob("*.py"):
        if "migrations" in path.parts:
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docs = _docstrings(tree)
        for node in ast.walk(tree):
            text = node.value if isinstance(node, ast.Constant) else None
            if isinstance(text, str) and id(node) not in docs and BARE.search(text):
                found.append(f"{path.relative_to(ROOT)}: {text[:80]}")
    for path in ROOT.rglob("*.html"):
        if BARE.search(path.read_text(encoding="utf-8")):
            found.append(str(path.relative_to(ROOT)))
    for language in ("nb", "nn"):
        for entry in polib.pofile(str(ROOT / "locale" / language / "LC_MESSAGES" / "django.po")):
            if BARE.search(entry.msgstr) or any(
                BARE.search(s) for s in entry.msgstr_plural.values()
            ):
                found.append(f"{language}: {entry.msgstr[:80]}")
    assert found == []
