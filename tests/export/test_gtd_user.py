"""A GTD user's script, run unchanged on Incidex's CSV, Incidex's XLSX and a small file in GTD's
own layout (invented rows, built here): load, group by region, filter bombings, sum killed by
country, read the date out of the 12-digit eventid."""

import csv
from pathlib import Path

import pandas as pd
import pytest

from incidex.codebook import codebook
from incidex.export.gtd_csv import write_gtd_csv
from incidex.export.xlsx import write_gtd_xlsx
from incidex.fuse.fuser import fuse_mentions
from tests.factories import cli, document, ingested, mention


def gtd_user_script(path: Path) -> dict[str, object]:
    """What an analyst runs on a GTD file, whatever produced it."""
    if path.suffix == ".xlsx":
        df = pd.read_excel(path)
    else:
        df = pd.read_csv(path, encoding="utf-8", low_memory=False)
    by_region = df.groupby("region_txt").size().to_dict()
    bombings = df[df.attacktype1 == 3]
    killed = df.groupby("country_txt").nkill.sum().to_dict()
    ids = df.eventid.astype("int64").astype(str)
    assert ids.str.fullmatch(r"\d{12}").all()
    dates = pd.to_datetime(ids.str[:8], format="%Y%m%d", errors="coerce")
    assert (dates.dt.year == df.iyear).all()
    return {
        "regions": by_region,
        "bombings": sorted(bombings.country_txt),
        "killed": {k: float(v) for k, v in killed.items()},
        "first": str(dates.min().date()),
        "claimed": sorted(df.claimed.unique().tolist()),
    }


EXPECTED = {
    "regions": {"Middle East & North Africa": 2, "South Asia": 1},
    "bombings": ["Afghanistan", "Iraq"],
    "killed": {"Afghanistan": 7.0, "Iraq": 12.0},
    "first": "2024-02-10",
    "claimed": [-9, 0, 1],
}


def _incidents():  # type: ignore[no-untyped-def]
    return fuse_mentions(
        [
            mention(
                "a",
                date="2024-02-10",
                country="Iraq",
                city="Mosul",
                attacktype="Bombing/Explosion",
                nkill="9",
                gname="Example Front",
                claimed="1",
            ),
            mention(
                "b",
                date="2024-02-11",
                country="Iraq",
                city="Basra",
                attacktype="Armed Assault",
                nkill="3",
                gname="Example Front",
            ),
            mention(
                "c",
                date="2024-03-01",
                country="Afghanistan",
                city="Herat",
                attacktype="Bombing/Explosion",
                nkill="7",
            ),
        ]  # fmt: skip
    )


def _gtd_layout_file(path: Path) -> None:
    """Three invented incidents in GTD's own layout: its 135 columns, codes and texts."""
    columns = codebook().data.columns
    rows = [
        {"eventid": 202402100001, "iyear": 2024, "imonth": 2, "iday": 10, "country": 95,
         "country_txt": "Iraq", "region": 10, "region_txt": "Middle East & North Africa",
         "attacktype1": 3, "attacktype1_txt": "Bombing/Explosion", "nkill": 9, "claimed": 1},
        {"eventid": 202402110001, "iyear": 2024, "imonth": 2, "iday": 11, "country": 95,
         "country_txt": "Iraq", "region": 10, "region_txt": "Middle East & North Africa",
         "attacktype1": 2, "attacktype1_txt": "Armed Assault", "nkill": 3, "claimed": -9},
        {"eventid": 202403010001, "iyear": 2024, "imonth": 3, "iday": 1, "country": 4,
         "country_txt": "Afghanistan", "region": 6, "region_txt": "South Asia",
         "attacktype1": 3, "attacktype1_txt": "Bombing/Explosion", "nkill": 7, "claimed": 0},
    ]  # fmt: skip
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)


def test_the_script_runs_on_a_file_in_gtds_own_layout(tmp_path: Path) -> None:
    path = tmp_path / "gtd_layout.csv"
    _gtd_layout_file(path)
    assert gtd_user_script(path) == EXPECTED


def test_the_script_runs_unchanged_on_incidex_csv(tmp_path: Path) -> None:
    path = tmp_path / "incidex.csv"
    with path.open("w", newline="", encoding="utf-8") as out:
        write_gtd_csv(_incidents(), {d: document(d) for d in "abc"}, out)
    assert gtd_user_script(path) == EXPECTED


def test_the_script_runs_unchanged_on_incidex_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "incidex.xlsx"
    with path.open("wb") as out:
        assert write_gtd_xlsx(_incidents(), {d: document(d) for d in "abc"}, out) == 3
    assert gtd_user_script(path) == EXPECTED
    df = pd.read_excel(path)
    assert df.eventid.dtype == "int64" and df.country.dtype == "int64"  # numbers, not text
    assert list(df.columns[:3]) == ["eventid", "iyear", "imonth"]


REPORT = (
    "Suicide bomber kills 12 at Kabul market\n\n"
    "KABUL, April 3, 2024 - A suicide bomber detonated explosives at a crowded market in Kabul "
    "on Wednesday, killing 12 people and wounding 30, police said. No group has claimed "
    "responsibility for the attack."
)


@pytest.mark.parametrize("fmt", ["gtd-csv", "xlsx"])
def test_export_through_the_cli_loads_in_pandas(tmp_path: Path, fmt: str) -> None:
    (tmp_path / "in").mkdir()
    db = ingested(tmp_path / "in", {"kabul.txt": REPORT})
    out = tmp_path / ("export.xlsx" if fmt == "xlsx" else "export.csv")
    result = cli("export", "--format", fmt, "--out", str(out), "--db", str(db))
    assert result.exit_code == 0, result.output
    df = pd.read_excel(out) if fmt == "xlsx" else pd.read_csv(out)
    assert len(df) == 1 and len(df.columns) > 135
    row = df.iloc[0]
    assert (row.country, row.country_txt, row.region_txt) == (4, "Afghanistan", "South Asia")
    assert str(int(row.eventid)).startswith("20240403") and row.attacktype1 == 3
    assert row.summary.startswith("04/03/2024: ") and "Kabul" in row.summary
    again = tmp_path / ("again" + out.suffix)
    cli("export", "--format", fmt, "--out", str(again), "--db", str(db))
    df2 = pd.read_excel(again) if fmt == "xlsx" else pd.read_csv(again)
    assert df2.eventid.tolist() == df.eventid.tolist()  # stable across re-exports


def test_xlsx_to_a_pipe_is_the_workbook(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    db = ingested(tmp_path / "in", {"kabul.txt": REPORT})
    result = cli("export", "--format", "xlsx", "--db", str(db))
    assert result.exit_code == 0 and result.stdout_bytes[:2] == b"PK"  # a zip: the workbook
