"""lib.store.build: contents, keys, sources, determinism, and failure on bad seed rows."""

from __future__ import annotations

import hashlib
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from lib.core.paths import ROOT, SEED_DIR
from lib.i18n.publishers import PHRASES as PUBLISHER_PHRASES
from lib.store.build import FINDING_TEXT, FINDING_TH, SEED_FILES, BuildError, build
from tests.frames import PILOTS

PILOTS = set(PILOTS)  # DESIGN.md, "The 15 pilot provinces"
TABLES = (
    "region",
    "province",
    "goal",
    "indicator",
    "dataset",
    "source",
    "observation",
    "national_observation",
    "context_observation",
    "finding",
    "sector",
    "partner",
    "activity",
    "activity_province",
    "activity_goal",
    "import_log",
    "observation_history",
    "observation_superseded",
    "build_info",
)


def one(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None):
    return con.execute(sql, params or []).fetchone()[0]


def test_provinces_goals_and_pilots(con):
    assert one(con, "SELECT count(*) FROM province") == 77
    assert {r[0] for r in con.execute("SELECT code FROM province WHERE is_pilot").fetchall()} == PILOTS
    assert one(con, "SELECT count(*) FROM goal") == 17
    assert one(con, "SELECT count(DISTINCT region) FROM province") == 6


def test_indicator_catalogue(con):
    per_goal = dict(con.execute("SELECT goal, count(*) FROM indicator GROUP BY goal").fetchall())
    assert set(per_goal) == set(range(1, 18)), "every goal has indicators"
    assert min(per_goal.values()) >= 3
    assert sum(per_goal.values()) >= 51
    bad = con.execute(
        """SELECT indicator_id FROM indicator WHERE NOT (
             (direction = 'higher' AND lower_bound < red_threshold AND red_threshold < green_threshold
                  AND green_threshold <= optimum)
          OR (direction = 'lower' AND lower_bound > red_threshold AND red_threshold > green_threshold
                  AND green_threshold >= optimum))"""
    ).fetchall()
    assert bad == []
    assert one(con, "SELECT count(*) FROM indicator WHERE name_th = '' OR name_en = '' OR publisher = ''") == 0


@pytest.mark.parametrize(
    "child, key, parent, pkey",
    [
        ("observation", "indicator_id", "indicator", "indicator_id"),
        ("observation", "province_code", "province", "code"),
        ("observation", "source_id", "source", "source_id"),
        ("observation", "dataset", "dataset", "dataset"),
        ("indicator", "goal", "goal", "goal"),
        ("activity", "partner_id", "partner", "partner_id"),
        ("activity_province", "activity_id", "activity", "activity_id"),
        ("activity_province", "province_code", "province", "code"),
        ("activity_goal", "goal", "goal", "goal"),
        ("partner", "sector", "sector", "sector"),
    ],
)
def test_no_orphan_keys(con, child, key, parent, pkey):
    # Table and column names come from the parametrize list above, not from input.
    n = one(con, f"SELECT count(*) FROM {child} c ANTI JOIN {parent} p ON c.{key} = p.{pkey}")
    assert n == 0


def test_every_public_value_has_a_source_url(con):
    n_public = one(con, "SELECT count(*) FROM observation WHERE dataset = 'public'")
    assert n_public >= 30
    missing = one(
        con,
        """SELECT count(*) FROM observation o JOIN source s USING (source_id)
           WHERE o.dataset = 'public' AND (s.url IS NULL OR s.url NOT LIKE 'http%')""",
    )
    assert missing == 0


def test_demo_is_its_own_kind_and_complete(con):
    kinds = dict(con.execute("SELECT dataset, kind FROM dataset").fetchall())
    assert kinds["demo"] == "demo" and kinds["public"] == "public"
    assert one(con, "SELECT count(*) FROM observation WHERE dataset = 'demo' AND source_id <> 'demo_generator'") == 0
    assert one(con, "SELECT count(*) FROM observation WHERE dataset = 'public' AND source_id = 'demo_generator'") == 0
    assert one(con, "SELECT count(DISTINCT province_code) FROM observation WHERE dataset = 'demo'") == 77
    n_ind = one(con, "SELECT count(*) FROM indicator")
    assert one(con, "SELECT count(DISTINCT indicator_id) FROM observation WHERE dataset = 'demo'") == n_ind
    years = [
        r[0] for r in con.execute("SELECT DISTINCT year FROM observation WHERE dataset='demo' ORDER BY 1").fetchall()
    ]
    assert years == list(range(2015, 2025))
    cells = 77 * n_ind * 10
    n = one(con, "SELECT count(*) FROM observation WHERE dataset = 'demo'")
    assert 0.5 * cells < n < cells, "demo has gaps so missing data shows"


def test_demo_values_respect_plausible_range(con):
    n = one(
        con,
        """SELECT count(*) FROM observation o JOIN indicator i USING (indicator_id)
                    WHERE o.value < i.plausible_min OR o.value > i.plausible_max""",
    )
    assert n == 0


def _dump(path: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(path), read_only=True)
    try:
        return {t: con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall() for t in TABLES}
    finally:
        con.close()


@pytest.mark.slow
def test_build_twice_gives_the_same_database(tmp_path):
    a, b = tmp_path / "a.duckdb", tmp_path / "b.duckdb"
    build(a)
    build(b)
    assert _dump(a) == _dump(b)
    build(a)  # rebuilding in place is idempotent too
    assert _dump(a) == _dump(b)


def _copy_seed(tmp_path: Path) -> Path:
    seed = tmp_path / "seed"
    shutil.copytree(SEED_DIR, seed)
    return seed


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize(
    "file, line_no, breaker, expect",
    [
        ("indicator.csv", 3, lambda cells, hdr: cells.__setitem__(hdr.index("goal"), "18"), "goal"),
        ("province.csv", 5, lambda cells, hdr: cells.__setitem__(hdr.index("region"), "atlantis"), "region"),
        ("observation_public.csv", 4, lambda cells, hdr: cells.__setitem__(hdr.index("year"), "20x4"), "20x4"),
        (
            "indicator.csv",
            2,
            lambda cells, hdr: cells.__setitem__(hdr.index("lower_bound"), cells[hdr.index("optimum")]),
            "CHECK",
        ),
    ],
)
def test_broken_seed_row_fails_and_keeps_previous_db(tmp_path, file, line_no, breaker, expect):
    seed = _copy_seed(tmp_path)
    target = tmp_path / "sdg.duckdb"
    build(target, seed)
    before = _sha(target)

    path = seed / file
    lines = path.read_text(encoding="utf-8").splitlines()
    import csv
    import io

    hdr = next(csv.reader([lines[0]]))
    cells = next(csv.reader([lines[line_no - 1]]))
    breaker(cells, hdr)
    buf = io.StringIO()
    csv.writer(buf, lineterminator="").writerow(cells)
    lines[line_no - 1] = buf.getvalue()
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    with pytest.raises(BuildError) as err:
        build(target, seed)
    msg = str(err.value)
    assert f"data/seed/{file}" in msg or f"{file}" in msg
    assert f"line {line_no}" in msg
    assert expect in msg
    assert _sha(target) == before, "the previous database is left untouched"
    assert not list(tmp_path.glob(".sdg.duckdb.tmp-*")), "no temporary file left behind"


def test_missing_column_is_named(tmp_path):
    seed = _copy_seed(tmp_path)
    path = seed / "goal.csv"
    text = path.read_text(encoding="utf-8").replace(",colour", ",color", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(BuildError, match=r"goal.csv \(line 1, header\): missing column\(s\) colour"):
        build(tmp_path / "x.duckdb", seed)


def test_findings_have_thai_text(con):
    for col in FINDING_TEXT:  # column names from lib.build, not from input
        n = one(con, f"SELECT count(*) FROM finding WHERE {col} IS NOT NULL AND {col}_th IS NULL")
        assert n == 0, f"{col}_th missing"
    texts = con.execute("SELECT area_label_th, topic_th, note_th FROM finding").fetchall()
    assert all(re.search(r"[\u0E00-\u0E7F]", v) for row in texts for v in row if v is not None), "Thai, not English"
    # Province areas use the province table's Thai name; numbers stay numbers.
    assert (
        one(
            con,
            """SELECT count(*) FROM finding f JOIN province p ON f.province_code = p.code
                       WHERE f.area_label_th <> p.name_th""",
        )
        == 0
    )
    assert one(con, "SELECT statement_th FROM finding WHERE province_code = 'TH-58' AND unit = 'years'") == "19"


def _rewrite_phrases(seed: Path, edit) -> None:
    path = seed / FINDING_TH
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


@pytest.mark.slow
def test_missing_finding_translation_fails_naming_the_phrase_table(tmp_path):
    seed = _copy_seed(tmp_path)
    target = tmp_path / "sdg.duckdb"
    build(target, seed)
    before = _sha(target)
    _rewrite_phrases(seed, lambda lines: [x for x in lines if not x.startswith(("Top-10 list 2010,", "years,"))])
    with pytest.raises(BuildError) as err:
        build(target, seed)
    msg = str(err.value)
    assert FINDING_TH in msg.splitlines()[0]
    assert "no Thai for 2 finding text(s)" in msg
    assert "'Top-10 list 2010' (note, " in msg and "'years' (unit, " in msg
    assert _sha(target) == before, "the previous database is left untouched"


def test_empty_or_repeated_phrase_is_named(tmp_path):
    seed = _copy_seed(tmp_path)
    _rewrite_phrases(seed, lambda lines: [*lines[:2], "Bangkok,", *lines[2:], lines[2]])
    with pytest.raises(BuildError) as err:
        build(tmp_path / "x.duckdb", seed)
    msg = str(err.value)
    assert f"{FINDING_TH} line 3: empty th cell" in msg
    assert "(en=Bangkok): repeats line 4" in msg  # line 3 was rejected, so line 4 is the first


@pytest.mark.slow
def test_cli_reports_and_exit_codes(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "lib.build", "--db", str(tmp_path / "c.duckdb")],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.returncode == 0, out.stderr
    assert "observation" in out.stdout and "province" in out.stdout

    seed = _copy_seed(tmp_path)
    (seed / "sector.csv").write_text("sector,name_th,name_en,sort\nx,,y,notanumber\n", encoding="utf-8")
    bad = subprocess.run(
        [sys.executable, "-m", "lib.build", "--db", str(tmp_path / "c.duckdb"), "--seed-dir", str(seed)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert bad.returncode == 1
    assert "sector.csv line 2" in bad.stderr
    assert "left as it was" in bad.stderr


def test_seed_files_are_all_listed():
    listed = {name for name, _ in SEED_FILES}
    phrase_tables = {FINDING_TH, PUBLISHER_PHRASES.name}  # joined in by the build or read by lib.i18n
    on_disk = {p.name for p in SEED_DIR.glob("*.csv")} - {"province_alias.csv", *phrase_tables}
    assert on_disk <= listed, f"seed files the build ignores: {on_disk - listed}"
