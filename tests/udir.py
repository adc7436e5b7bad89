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
