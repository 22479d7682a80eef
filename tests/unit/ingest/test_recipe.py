"""lib.ingest.recipe: a saved recipe round-trips, loads the same layout in another year,
refuses a changed layout with the difference named, rejects invalid files naming the field,
is found by fingerprint; and the command line makes and applies one. Made-up numbers."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import duckdb
import pytest

from lib.ingest import cli
from lib.ingest import recipe as recipes
from lib.ingest.layout import Layout
from lib.ingest.pipeline import Derive, Options, Prepared, SourceInfo, prepare_file
from lib.ingest.provinces import clean
from tests.sheets import Cell, Sheet, write

MEASURES = ["สัดส่วนคนจน(ร้อยละ)", "จำนวนคนจน(พันคน)"]
VALUES = {"เชียงใหม่": (12.5, 150.0, 1500), "ลำพูน": (7.5, 30.0, 1400), "ขอนแก่น": (21.25, 310.0, 1350)}


def report(
    path: Path,
    year: int = 2549,
    measures: list[str] | None = None,
    shift: int = 0,
    extra: bool = False,
) -> Path:
    """A NESDC-style table: a title, the year merged over the measures, provinces below."""
    heads = list(measures or MEASURES) + (["เส้นความยากจน(บาท)"] if extra else [])
    width = len(heads)
    rows: list[list[Cell]] = [["ตารางที่ 3 สัดส่วนและจำนวนคนจนทดสอบ"], *([[]] * shift), []]
    rows.append(["จังหวัด", year, *([None] * (width - 1))])
    rows.append([None, *heads])
    for name, vals in VALUES.items():
        rows.append([name, *vals[:width]])
    top = 2 + shift
    return write(path, Sheet(rows, name="CrossTab", merges=[(top, 1, top, width)]))


def rows_of(p: Prepared) -> list[tuple[str, int, str, float]]:
    frame = p.rows[["province_code", "year", "disaggregation", "value"]]
    return sorted((str(a), int(b), str(c), float(d)) for a, b, c, d in frame.itertuples(index=False, name=None))


def layout_of(p: Prepared) -> Layout:
    assert p.parsed is not None and p.parsed.layout is not None
    return p.parsed.layout


def base_recipe(db: Path, tmp_path: Path) -> recipes.Recipe:
    p = prepare_file(report(tmp_path / "t2549.xls"), Options(db=db, indicator="pov_headcount", column="สัดส่วน"))
    assert p.problems == []
    return recipes.from_layout(layout_of(p), p.options, "test-poverty")


# ---------------------------------------------------------------- round trip


def test_round_trip_every_field(db: Path, tmp_path: Path) -> None:
    p = prepare_file(report(tmp_path / "t.xls"), Options(db=db, indicator="pov_headcount", column="สัดส่วน"))
    assert p.problems == []
    options = replace(
        p.options,
        column="จำนวนคนจน",
        scale=1000.0,
        year_format="be",
        year=2549,
        dataset="ministry_test",
        flags=("provisional", "proxy"),
        note="ตัวเลขสมมติ",
        derive=Derive(column="จำนวนประชากร", scale=1000.0, multiply=100.0),
        source=SourceInfo("ชุดข้อมูลทดสอบ", "Test publisher", "https://example.org/test.xls"),
    )
    made = recipes.from_layout(layout_of(p), options, "test-round-trip", description="ทดสอบ", sheet="CrossTab")
    assert made.sheet == "CrossTab"
    assert made.header_rows == (3, 4)
    assert made.layout == ("A: <province>", "B: {year} / " + clean(MEASURES[0]), "C: {year} / " + clean(MEASURES[1]))
    assert made.fingerprint == layout_of(p).fingerprint()
    back = recipes.parse(made.to_toml())
    assert back == made
    for name in (
        "name",
        "indicator",
        "header_rows",
        "layout",
        "fingerprint",
        "description",
        "sheet",
        "column",
        "scale",
        "year_format",
        "year",
        "dataset",
        "flags",
        "note",
        "derive",
        "source",
    ):
        assert getattr(back, name) == getattr(made, name), name
    # saved and loaded from disk too, the other kind of derive, no url
    other = replace(made, derive=Derive(measure="Test population", multiply=100_000.0), source=SourceInfo("t", "p"))
    path = other.save(tmp_path / "recipes")
    assert path == tmp_path / "recipes" / "test-round-trip.toml"
    loaded = recipes.load(path)
    assert loaded == other and loaded.path == path
    assert loaded.options().expect is not None


# ---------------------------------------------------------------- another year, a changed layout


def test_recipe_loads_the_same_layout_in_another_year(db: Path, tmp_path: Path) -> None:
    made = base_recipe(db, tmp_path)
    p = prepare_file(report(tmp_path / "t2551.xls", year=2551), made.options(Options(db=db)))
    assert p.problems == [], [x.render() for x in p.problems]
    assert rows_of(p) == [("TH-40", 2008, "", 21.25), ("TH-50", 2008, "", 12.5), ("TH-51", 2008, "", 7.5)]
    assert layout_of(p).fingerprint() == made.fingerprint


def _refused(p: Prepared) -> str:
    assert [x.code for x in p.problems] == ["recipe_mismatch"]
    assert p.rows.empty
    assert p.problems[0].detail["recipe"] == "test-poverty"
    return clean(p.problems[0].message("en"))


def test_recipe_refuses_a_renamed_measure(db: Path, tmp_path: Path) -> None:
    made = base_recipe(db, tmp_path)
    renamed = ["อัตราคนจนทดสอบ(ร้อยละ)", MEASURES[1]]
    p = prepare_file(report(tmp_path / "r.xls", measures=renamed), made.options(Options(db=db)))
    message = _refused(p)
    assert clean(MEASURES[0]) in message and clean(renamed[0]) in message


def test_recipe_refuses_a_header_moved_down(db: Path, tmp_path: Path) -> None:
    made = base_recipe(db, tmp_path)
    p = prepare_file(report(tmp_path / "m.xls", shift=1), made.options(Options(db=db)))
    message = _refused(p)
    assert "header rows 3-4 → 4-5" in message


def test_recipe_refuses_an_added_column(db: Path, tmp_path: Path) -> None:
    made = base_recipe(db, tmp_path)
    p = prepare_file(report(tmp_path / "a.xls", extra=True), made.options(Options(db=db)))
    message = _refused(p)
    assert "+ " in message and clean("เส้นความยากจน(บาท)") in message


# ---------------------------------------------------------------- invalid recipes

GOOD_TOML = """
version = 1
name = "ok-recipe"

[file]
header_rows = [3, 4]
layout = ["A: <province>", "B: {year} / x"]

[load]
indicator = "pov_headcount"
"""


def test_the_minimal_recipe_parses() -> None:
    r = recipes.parse(GOOD_TOML)
    assert (r.name, r.indicator, r.header_rows, r.scale, r.year_format, r.flags) == (
        "ok-recipe",
        "pov_headcount",
        (3, 4),
        1.0,
        "auto",
        (),
    )


@pytest.mark.parametrize(
    "change, field",
    [
        (lambda s: s.replace("version = 1", "version = 2"), "version"),
        (lambda s: s.replace('indicator = "pov_headcount"', ""), "load.indicator"),
        (lambda s: s + 'year_format = "thai"\n', "load.year_format"),
        (lambda s: s + 'flags = ["guessed"]\n', "load.flags"),
        (lambda s: s + '\n[derive]\ncolumn = "a"\nmeasure = "b"\n', "derive"),
        (lambda s: s + '\n[source]\ntitle = "t"\npublisher = "p"\nurl = "ftp://example.org/x"\n', "source.url"),
    ],
    ids=["version", "missing-indicator", "year-format", "flag", "derive-both", "url"],
)
def test_invalid_recipe_names_the_field(change, field: str) -> None:
    with pytest.raises(recipes.RecipeError) as e:
        recipes.parse(change(GOOD_TOML))
    assert field in str(e.value)


def test_recipe_file_errors_name_the_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text(GOOD_TOML.replace("version = 1", "version = 2"), encoding="utf-8")
    with pytest.raises(recipes.RecipeError, match=r"^bad\.toml: version"):
        recipes.load(bad)


# ---------------------------------------------------------------- matching


def test_matching_finds_a_recipe_by_fingerprint(db: Path, tmp_path: Path) -> None:
    folder = tmp_path / "recipes"
    made = base_recipe(db, tmp_path)
    made.save(folder)
    # a recipe for another layout (sex column groups), in the same folder
    rows: list[list[Cell]] = [["จังหวัด", "ชาย", "หญิง"], [None, 2549, 2549], ["เชียงใหม่", 1.5, 2.5]]
    p = prepare_file(write(tmp_path / "sex.xls", Sheet(rows)), Options(db=db, indicator="pov_headcount"))
    assert p.problems == []
    recipes.from_layout(layout_of(p), p.options, "other-layout").save(folder)
    (folder / "broken.toml").write_text("not = [toml", encoding="utf-8")

    q = prepare_file(report(tmp_path / "t2552.xls", year=2552), Options(db=db, indicator="pov_headcount", column="สัด"))
    assert [r.name for r in recipes.matching(layout_of(q), [folder, tmp_path / "absent"])] == ["test-poverty"]
    assert [r.name for r in recipes.matching(layout_of(p), [folder])] == ["other-layout"]
    assert sorted(r.name for r in recipes.available([folder])) == ["other-layout", "test-poverty"]
    q = prepare_file(report(tmp_path / "x.xls", extra=True), Options(db=db, indicator="pov_headcount", column="สัด"))
    assert recipes.matching(layout_of(q), [folder]) == []


# ---------------------------------------------------------------- the command line


def test_cli_makes_and_applies_a_recipe(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = report(tmp_path / "t2549.xls", year=2549)
    args = [str(first), "--db", str(db), "--indicator", "pov_headcount"]
    assert cli.main(args) == 1
    err = clean(capsys.readouterr().err)
    assert "choose one with --column" in err
    for m in MEASURES:
        assert clean(m) in err

    saved = tmp_path / "out" / "x.toml"
    assert cli.main([*args, "--column", "สัดส่วน", "--save-recipe", str(saved), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "Recipe saved" in out and "Dry run" in out
    made = recipes.load(saved)
    assert (made.name, made.indicator, made.column, made.sheet, made.header_rows) == (
        "x",
        "pov_headcount",
        "สัดส่วน",
        "CrossTab",
        (3, 4),
    )
    assert ministry(db) == []  # a dry run writes nothing

    second = report(tmp_path / "t2551.xls", year=2551)
    assert cli.main([str(second), "--db", str(db), "--recipe", str(saved)]) == 0
    assert "rows added 3" in capsys.readouterr().out
    assert ministry(db) == [
        ("pov_headcount", "TH-40", 2008, "", 21.25),
        ("pov_headcount", "TH-50", 2008, "", 12.5),
        ("pov_headcount", "TH-51", 2008, "", 7.5),
    ]

    # the recipe refuses a changed layout from the command line too
    third = report(tmp_path / "moved.xls", year=2552, shift=1)
    assert cli.main([str(third), "--db", str(db), "--recipe", str(saved)]) == 1
    assert "header rows 3-4 → 4-5" in capsys.readouterr().err


def test_cli_missing_recipe_is_usage_error(db: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    f = report(tmp_path / "t.xls")
    assert cli.main([str(f), "--db", str(db), "--recipe", str(tmp_path / "nope.toml")]) == 2
    assert "nope.toml" in capsys.readouterr().err
    assert ministry(db) == []


def ministry(db: Path) -> list[tuple]:
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(
            "SELECT indicator_id, province_code, year, disaggregation, value FROM observation "
            "WHERE dataset = 'ministry' ORDER BY ALL"
        ).fetchall()
    finally:
        con.close()
