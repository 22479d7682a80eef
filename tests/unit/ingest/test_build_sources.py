"""lib.ingest.sources, the build's public sources, on a scratch folder of recipes and raw files:
what loads, and every way a source stops the build (named, nothing half-written)."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from lib.ingest import sources
from lib.store.build import build as seed_build

TABLE = "จังหวัด,2566,2567\nตาก,10.5,11.0\nยะลา,20.0,21.5\n"  # made-up numbers


def _recipe(
    name: str,
    *,
    paths: str = '"raw/x/*.csv"',
    url: str | None = "https://example.org/x",
    on_conflict: str | None = None,
) -> str:
    src = '[source]\ntitle = "T"\npublisher = "P"\n' + (f'url = "{url}"\n' if url else "")
    conflict = f'on_conflict = "{on_conflict}"\n' if on_conflict else ""
    return (
        f'version = 1\nname = "{name}"\n\n[file]\npaths = [{paths}]\nheader_rows = [1]\n'
        'layout = ["A: <province>", "B: {year}", "C: {year}"]\n\n'
        f'[load]\nindicator = "pov_headcount"\nyear_format = "be"\ndataset = "public"\n{conflict}\n{src}'
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("seed") / "s.duckdb"
    seed_build(path)  # seed only: the sources under test are loaded by hand
    return path


@pytest.fixture()
def env(seeded: Path, tmp_path: Path):
    db = tmp_path / "s.duckdb"
    shutil.copyfile(seeded, db)
    data, folder = tmp_path / "data", tmp_path / "sources"
    (data / "raw" / "x").mkdir(parents=True)
    folder.mkdir()
    (data / "raw" / "x" / "t.csv").write_text(TABLE, encoding="utf-8")
    con = duckdb.connect(str(db))
    yield con, data, folder
    con.close()


def _public(con: duckdb.DuckDBPyConnection, source: str) -> list[tuple]:
    return con.execute(
        "SELECT province_code, year, value, note FROM observation WHERE source_id = ? ORDER BY ALL", [source]
    ).fetchall()


def test_a_recipe_loads_its_files_with_source_and_row(env) -> None:
    con, data, folder = env
    (folder / "a.toml").write_text(_recipe("a"), encoding="utf-8")
    done = sources.load_public(con, folder, data)
    assert [(d.recipe, d.files, d.values) for d in done] == [("a", 1, 4)]
    rows = _public(con, "src_a")
    assert [(p, y, v) for p, y, v, _ in rows] == [
        ("TH-63", 2023, 10.5),
        ("TH-63", 2024, 11.0),
        ("TH-95", 2023, 20.0),
        ("TH-95", 2024, 21.5),
    ]
    assert rows[0][3] == "raw/x/t.csv, row 2"


def test_a_source_without_url_stops_the_build(env) -> None:
    con, data, folder = env
    (folder / "a.toml").write_text(_recipe("a", url=None), encoding="utf-8")
    with pytest.raises(sources.SourceError, match="needs \\[source\\]"):
        sources.load_public(con, folder, data)


def test_a_recipe_matching_no_file_stops_the_build(env) -> None:
    con, data, folder = env
    (folder / "a.toml").write_text(_recipe("a", paths='"raw/none/*.csv"'), encoding="utf-8")
    with pytest.raises(sources.SourceError, match="no file matches"):
        sources.load_public(con, folder, data)


def test_two_sources_for_one_key_stop_the_build_unless_a_recipe_decides(env) -> None:
    con, data, folder = env
    (folder / "a.toml").write_text(_recipe("a"), encoding="utf-8")
    (folder / "b.toml").write_text(_recipe("b"), encoding="utf-8")
    with pytest.raises(sources.SourceError, match="already given by another source"):
        sources.load_public(con, folder, data)


def test_replace_keeps_the_other_value_in_superseded(env) -> None:
    con, data, folder = env
    (folder / "a.toml").write_text(_recipe("a"), encoding="utf-8")
    (folder / "b.toml").write_text(_recipe("b", on_conflict="replace"), encoding="utf-8")
    done = sources.load_public(con, folder, data)
    assert [(d.recipe, d.values, d.superseded) for d in done] == [("a", 4, 0), ("b", 4, 4)]
    assert len(_public(con, "src_b")) == 4 and _public(con, "src_a") == []
    kept = con.execute(
        "SELECT count(*) FROM observation_superseded WHERE source_id = 'src_a' AND superseded_by = 'src_b'"
    ).fetchone()
    assert kept == (4,)


def test_a_file_with_a_problem_names_file_row_and_column(env) -> None:
    con, data, folder = env
    (data / "raw" / "x" / "t.csv").write_text(TABLE + "ตาก2,1,2\n", encoding="utf-8")
    (folder / "a.toml").write_text(_recipe("a"), encoding="utf-8")
    with pytest.raises(sources.SourceError) as e:
        sources.load_public(con, folder, data)
    assert "raw/x/t.csv does not load" in str(e.value) and "row 4" in str(e.value)
    assert con.execute("SELECT count(*) FROM source WHERE source_id = 'src_a'").fetchone() == (0,)


def _context(name: str, measure: str, same_as: str = "", unit: str = "persons") -> str:
    same = (
        f'\n[load.same_as]\nmeasure = "{same_as}"\nname_th = "ประชากร"\nname_en = "Population"\n'
        'unit_th = "คน"\nunit_en = "persons"\n'
        if same_as
        else ""
    )
    return (
        f'version = 1\nname = "{name}"\n\n[file]\npaths = ["raw/x/*.csv"]\nheader_rows = [1]\n'
        'layout = ["A: <province>", "B: {year}", "C: {year}"]\n\n'
        f'[load]\nmeasure = "{measure}"\nunit = "{unit}"\nyear_format = "be"\n{same}\n'
        '[source]\ntitle = "T"\npublisher = "P"\nurl = "https://example.org/x"\n'
    )


def test_same_as_pairs_two_context_series_for_the_consistency_report(env) -> None:
    """A context series that measures what another does is recorded beside it, whatever the
    recipes' name order (here the one named first points at the later one)."""
    con, data, folder = env
    (folder / "a.toml").write_text(_context("a", "Pop B", same_as="Pop Z"), encoding="utf-8")
    (folder / "z.toml").write_text(_context("z", "Pop Z"), encoding="utf-8")
    sources.load_public(con, folder, data)
    assert con.execute("SELECT measure, same_as, unit_en FROM context_same").fetchall() == [
        ("Pop B", "Pop Z", "persons")
    ]
    from lib.store import queries

    pop = queries.consistency(con, "public")
    assert len(pop) == 4 and pop["indicator_id"].isna().all() and not pop["differs"].any()
    assert set(pop["kept_source_id"]) == {"src_z"} and set(pop["other_source_id"]) == {"src_a"}


@pytest.mark.parametrize(
    ("target", "unit", "message"),
    [("Pop none", "persons", "no context series 'Pop none'"), ("Pop Z", "thousand", "is in")],
)
def test_same_as_needs_the_other_series_in_one_unit(env, target: str, unit: str, message: str) -> None:
    con, data, folder = env
    (folder / "a.toml").write_text(_context("a", "Pop B", same_as=target, unit=unit), encoding="utf-8")
    (folder / "z.toml").write_text(_context("z", "Pop Z"), encoding="utf-8")
    with pytest.raises(sources.SourceError, match=f"a: same_as: .*{message}"):
        sources.load_public(con, folder, data)


def test_same_as_recipe_round_trip_and_refusals() -> None:
    from lib.ingest import recipe

    r = recipe.parse(_context("a", "Pop B", same_as="Pop Z"))
    assert r.same_as == ("Pop Z", "ประชากร", "Population", "คน", "persons")
    assert recipe.parse(r.to_toml()) == r
    with pytest.raises(recipe.RecipeError, match="own measure"):
        recipe.parse(_context("a", "Pop B", same_as="Pop B"))
    with pytest.raises(recipe.RecipeError, match="needs exactly"):
        recipe.parse(_context("a", "Pop B", same_as="Pop Z").replace('unit_en = "persons"\n', ""))
    with pytest.raises(recipe.RecipeError, match="for a context series"):
        recipe.parse(_recipe("a") + '\n[load.same_as]\nmeasure = "x"\n')
