"""The real Udir exports in ../shared/data/udir (never committed): tests skip without them."""

from pathlib import Path

import pytest

UDIR = Path(__file__).resolve().parents[2] / "shared" / "data" / "udir"
NT5_2023 = "2023-24_20260224-1157_Nasjonale_proever_5._trinn.csv"
NT5_2022 = "2022-23_20260224-1157_Nasjonale_proever_5._trinn.csv"
NT8_2022 = "2022-23_20260224-1157_Nasjonale_proever_ungdomstrinn.csv"
NT8_2023 = "2023-24_20260224-1156_Nasjonale_proever_ungdomstrinn.csv"
SKOLEPORTEN = "skoleporten_stavanger_2007-2021.csv"


def udir_file(name: str) -> bytes:
    path = UDIR / name
    if not path.is_file():
        pytest.skip(
            f"{path} is absent: the real Udir exports live beside the project in "
            "../shared/data/udir and are not part of a fresh clone"
        )
    return path.read_bytes()


# The committed Statistikkbanken fixtures (tests/sources/fixtures) name an invented municipality,
# Fjordvik (4699), and invented schools; their figures are invented too. Tests that join them
# with the real exports give them Kvam's real identities, read from those exports here.
KVAM_NAMES = {
    "Nordheim skule": "Norheimsund skule",
    "Øyane skule": "Øystese skule",
    "Strand skule": "Strandebarm skule",
    "Torvik skule": "Tørvikbygd skule",
    "Ålstad skule": "Ålvik skule",
    "Fjordvik ungdomsskule": "Kvam ungdomsskule",
    "Foreininga Nordheim friskule": "Foreninga Norheimsund friskule",
}


def _decode(data: bytes) -> tuple[str, str]:
    if data[:2] == b"\xff\xfe":
        return data.decode("utf-16"), "utf-16"
    if data[1:2] == b"\x00":
        return data.decode("utf-16-le"), "utf-16-le"
    if data[:3] == b"\xef\xbb\xbf":
        return data.decode("utf-8-sig"), "utf-8-sig"
    return data.decode("utf-8"), "utf-8"


def kvam_org_numbers() -> dict[str, str]:
    """Kvam's schools' organisation numbers by name, from the real national-test exports."""
    numbers = {}
    for name in (NT5_2022, NT5_2023, NT8_2022, NT8_2023):
        for line in _decode(udir_file(name))[0].splitlines():
            fields = line.split("\t")
            if len(fields) > 9 and fields[0] == "4" and fields[3] == "4622":
                numbers[fields[8].strip()] = fields[4]
    return numbers


def as_kvam(data: bytes) -> bytes:
    """A fixture with Fjordvik's invented identities replaced by Kvam's real ones (the
    invented figures stay), in the fixture's own encoding and separator."""
    text, encoding = _decode(data)
    numbers = kvam_org_numbers()
    newline = "\r\n" if "\r\n" in text else "\n"
    lines = []
    for line in text.split(newline):
        sep = next((s for s in ("\t", ";", "|") if line.count(s) > 5), None)
        fields = line.split(sep) if sep else []
        if len(fields) > 8 and fields[3] == "4699":
            fields[3], fields[7] = "4622", "Kvam"
            if fields[0] == "3":
                fields[4] = "4622"
            elif fields[0] == "4":
                name = fields[8].rstrip()
                real = KVAM_NAMES[name]
                fields[4], fields[8] = numbers[real], real + fields[8][len(name) :]
            line = sep.join(fields)
        lines.append(line)
    return newline.join(lines).encode(encoding)


def cells(name: str, level: str, code: str = "") -> dict[str, str]:
    """One unit's row of a real national-test export as {column heading: cell}, read with no
    reader of ours: level "1" the nation, "3" a municipality (code: its number), "4" a school
    (code: its organisation number). A test sets what our readers make of the file against the
    file itself, so no figure of it is written into the tests."""
    lines = _decode(udir_file(name))[0].splitlines()
    header = next(line for line in lines if line.startswith("EnhetNivaa")).split("\t")
    for line in lines:
        fields = [field.strip() for field in line.split("\t")]
        if fields[0] == level and (not code or code in (fields[3], fields[4])):
            return dict(zip(header, fields, strict=False))
    raise LookupError(f"{name}: no unit of level {level} {code}")


def figure(row: dict[str, str], subject: str, measure: str) -> float:
    """A cell of `cells` as a number: the subject's (Lesing, Engelsk, …) measure (Skalapoeng,
    Usikkerhet, Antall elever deltatt), with Udir's decimal comma and spaced thousands."""
    (cell,) = [v for k, v in row.items() if f".{subject}." in k and k.endswith(measure)]
    return float(cell.replace("\u00a0", "").replace(" ", "").replace(",", "."))
