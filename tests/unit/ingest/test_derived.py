"""Derived series (lib.ingest.derived, lib.store.imports.growth_rows): growth within one source,
the vintage rule, the deflator, flags and every refusal; numbers made up and worked by hand."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from lib.ingest import derived
from lib.store import imports
from lib.store.build import build as seed_build

CPI = "CPI test"
SPEC = """version = 1
name = "g"

[compute]
indicator = "gpp_growth"
method = "growth"
of = "gpp_per_capita"
{deflator}flags = ["proxy"]

[source]
title = "T"
publisher = "P"
url = "https://example.org/g"
"""


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "s.duckdb"
    seed_build(path)
    return path


def _values(rows: list[tuple[str, int, float]], provisional: bool = False) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "dataset": "public",
            "indicator_id": "gpp_per_capita",
            "province_code": [r[0] for r in rows],
            "year": [r[1] for r in rows],
            "disaggregation": "",
            "value": [r[2] for r in rows],
            "provisional": provisional,
            "estimated": False,
            "proxy": False,
            "note": None,
        }
    )


@pytest.fixture()
def con(seeded: Path, tmp_path: Path) -> Iterator[duckdb.DuckDBPyConnection]:
    db = tmp_path / "s.duckdb"
    shutil.copyfile(seeded, db)
    c = duckdb.connect(str(db))
    c.execute("DELETE FROM observation WHERE dataset = 'public' AND indicator_id IN ('gpp_per_capita', 'gpp_growth')")
    # an old vintage 2017-2020 and a new one 2019-2021 that replaces it where both give a year
    old = _values([("TH-63", 2017, 100.0), ("TH-63", 2018, 110.0), ("TH-63", 2019, 121.0), ("TH-63", 2020, 90.0)])
    new = _values([("TH-63", 2019, 125.0), ("TH-63", 2020, 100.0), ("TH-63", 2021, 150.0)], provisional=True)
    imports.insert_public(c, old, ("s_old", "Old", "P", "https://example.org/o"))
    imports.insert_public(c, new, ("s_new", "New", "P", "https://example.org/n"), on_conflict="replace")
    cpi = pd.DataFrame(
        {"province_code": "TH-63", "year": [2017, 2018, 2019, 2020, 2021], "value": [50.0, 55.0, 55.0, 44.0, 44.0]}
    ).assign(note=None)
    imports.insert_context(c, cpi, ("s_cpi", "CPI", "P", "https://example.org/c"), CPI, "index")
    yield c
    c.close()


def _folder(tmp_path: Path, deflator: str | None = None) -> Path:
    folder = tmp_path / "derived"
    folder.mkdir(exist_ok=True)
    text = SPEC.format(deflator=f'deflator = "{deflator}"\n' if deflator else "")
    (folder / "g.toml").write_text(text, encoding="utf-8")
    return folder


def _growth(con: duckdb.DuckDBPyConnection) -> dict[int, tuple[float, bool, bool, str]]:
    rows = con.execute(
        "SELECT year, value, provisional, proxy, note FROM observation "
        "WHERE indicator_id = 'gpp_growth' AND province_code = 'TH-63' AND source_id = 'drv_g' ORDER BY year"
    ).fetchall()
    return {y: (v, p, x, n) for y, v, p, x, n in rows}


def test_growth_stays_within_one_source(con, tmp_path: Path) -> None:
    """2018, 2019: the old vintage (the new one has no 2018); 2020, 2021: the new one, shown
    for those years. Never 125 / 110 (a revision, not growth)."""
    assert derived.load_derived(con, _folder(tmp_path)) == {"g": 4}
    got = _growth(con)
    assert sorted(got) == [2018, 2019, 2020, 2021]
    assert got[2018][0] == pytest.approx(10.0)  # 110 / 100 - 1
    assert got[2019][0] == pytest.approx(10.0)  # 121 / 110 - 1, old vintage
    assert got[2020][0] == pytest.approx(-20.0)  # 100 / 125 - 1, new vintage
    assert got[2021][0] == pytest.approx(50.0)  # 150 / 100 - 1
    assert "s_old" in got[2019][3] and "s_new" in got[2020][3]
    assert not got[2018][1] and got[2020][1] and got[2021][1], "provisional from either input"
    assert all(v[2] for v in got.values()), "the recipe's proxy flag"


def test_growth_deflated_by_a_price_index(con, tmp_path: Path) -> None:
    derived.load_derived(con, _folder(tmp_path, CPI))
    got = _growth(con)
    assert got[2018][0] == pytest.approx(0.0)  # (110 / 100) / (55 / 50) - 1
    assert got[2019][0] == pytest.approx(10.0)  # prices flat
    assert got[2020][0] == pytest.approx(0.0)  # (100 / 125) / (44 / 55) - 1
    assert got[2021][0] == pytest.approx(50.0)
    assert "deflated by CPI test 2020 / 2019 (s_cpi: 44 / 55)" in got[2020][3]


def test_no_growth_without_a_deflator_for_both_years(con, tmp_path: Path) -> None:
    con.execute("DELETE FROM context_observation WHERE measure = ? AND year = 2019", [CPI])
    derived.load_derived(con, _folder(tmp_path, CPI))
    assert sorted(_growth(con)) == [2018, 2021]


@pytest.mark.parametrize(
    ("edit", "message"),
    [
        (('method = "growth"', 'method = "mean"'), "method = 'mean'"),
        (('of = "gpp_per_capita"', 'of = "nope"'), "of = 'nope' is not in the catalogue"),
        (('flags = ["proxy"]', 'flags = ["guess"]'), "'guess' is not one of"),
        (('url = "https://example.org/g"', 'url = "ftp://x"'), "not an http"),
        (("[source]", "[sauce]"), "needs \\[compute\\] and \\[source\\]"),
    ],
)
def test_refusals_name_the_file_and_key(con, tmp_path: Path, edit: tuple[str, str], message: str) -> None:
    folder = _folder(tmp_path)
    path = folder / "g.toml"
    path.write_text(path.read_text(encoding="utf-8").replace(*edit), encoding="utf-8")
    with pytest.raises(derived.DerivedError, match=f"g.toml: .*{message}"):
        derived.load_derived(con, folder)


def test_an_unknown_deflator_and_a_clash_stop_the_build(con, tmp_path: Path) -> None:
    with pytest.raises(derived.DerivedError, match="deflator = 'nope': no such context series"):
        derived.load_derived(con, _folder(tmp_path, "nope"))
    clash = _values([("TH-63", 2020, 1.0)]).assign(indicator_id="gpp_growth")
    imports.insert_public(con, clash, ("s_seed", "Seed", "P", "https://example.org/s"))
    with pytest.raises(
        derived.DerivedError, match="g.toml: values already given by another source: gpp_growth TH-63 2020"
    ):
        derived.load_derived(con, _folder(tmp_path))
