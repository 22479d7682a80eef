"""Time lib.ingest on generated files: `python -m bench.bench_ingest [--db PATH]`.

Builds a scratch database (bench/work/, git-ignored) unless --db is given, then times
prepare (read + check) and load for: a 77-province x 10-year wide table (TIS-620 CSV, .xlsx,
.xls, .ods), the real NESDC table 3.3 through its recipe, and a 50,000-row long template CSV.
Beside each spreadsheet it prints the floor measured in the same run: python-calamine alone
opening the same bytes and reading every cell. Prints seconds; not a test.
"""

from __future__ import annotations

import argparse
import csv
import io
import random
import shutil
import time
from pathlib import Path

import openpyxl

from lib import ingest
from lib.build import build
from lib.core.paths import DATA_DIR, ROOT, SEED_DIR, SOURCES_DIR
from lib.ingest import recipe
from tests.sheets import Sheet, to_bytes

WORK = ROOT / "bench" / "work"


def provinces() -> list[tuple[str, str, str]]:
    with open(SEED_DIR / "province.csv", encoding="utf-8") as fh:
        return [(r["code"], r["name_th"], r["name_en"]) for r in csv.DictReader(fh)]


def wide_rows(rng: random.Random) -> list[list[object]]:
    rows: list[list[object]] = [
        ["ตารางทดสอบ ร้อยละคนจน จำแนกตามจังหวัด"],
        [],
        ["จังหวัด", *[f"พ.ศ. {y}" for y in range(2557, 2567)]],
    ]
    rows.append(["ทั่วราชอาณาจักร", *[round(rng.uniform(1, 20), 2) for _ in range(10)]])
    for _, th, _ in provinces():
        rows.append([f"จ.{th}" if th != "กรุงเทพมหานคร" else "กทม.", *[round(rng.uniform(0, 40), 2) for _ in range(10)]])
    return rows


def long_csv(rng: random.Random, n: int) -> bytes:
    provs = provinces()
    inds = ["pov_headcount", "unemployment", "tap_water", "internet_use", "birth_registration"]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(["indicator_id", "province", "year", "value", "disaggregation"])
    i = 0
    for ind in inds:
        for _code, th, en in provs:
            for year in range(1995, 2025):
                for d in ("", "sex=F", "sex=M", "area=urban", "area=rural"):
                    if i >= n:
                        break
                    w.writerow([ind, th if i % 2 else en, year, f"{rng.uniform(0, 100):.2f}", d])
                    i += 1
    return buf.getvalue().encode("utf-8")


def floor(data: bytes) -> float:
    """Seconds for calamine alone to open the bytes and read every cell (best of 3)."""
    import python_calamine

    best = float("inf")
    for _ in range(3):
        t0 = time.perf_counter()
        book = python_calamine.CalamineWorkbook.from_filelike(io.BytesIO(data))
        book.get_sheet_by_index(0).to_python()
        best = min(best, time.perf_counter() - t0)
    return best


def timed(label: str, data: bytes, name: str, db: Path, options: ingest.Options | None = None, **opts: object) -> None:
    t0 = time.perf_counter()
    p = ingest.prepare(data, name, options or ingest.Options(db=db, **opts))  # type: ignore[arg-type]
    t1 = time.perf_counter()
    assert not p.problems, ingest.render(p.problems[:5])
    r = ingest.load(p)
    t2 = time.perf_counter()
    extra = f"  floor (calamine read) {floor(data) * 1000:6.1f} ms" if not name.endswith(".csv") else ""
    print(
        f"{label:<34} rows {len(p.rows):>7,}  check {t1 - t0:6.2f} s  load {t2 - t1:6.2f} s  "
        f"(added {r.added:,}, replaced {r.replaced:,}, unchanged {r.unchanged:,}){extra}"
    )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--db", type=Path)
    args = ap.parse_args()
    WORK.mkdir(parents=True, exist_ok=True)
    db = WORK / "bench.duckdb"
    if args.db:
        shutil.copyfile(args.db, db)
    else:
        db.unlink(missing_ok=True)
        build(db)
    print(f"database {db} ({db.stat().st_size / 2**20:.1f} MB)")
    rng = random.Random(1)
    rows = wide_rows(rng)
    text = "\r\n".join(",".join(str(c) for c in r) for r in rows).encode("cp874")
    timed("wide 77x10 TIS-620 CSV", text, "wide.csv", db, indicator="pov_headcount")
    rows = wide_rows(rng)
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    timed("wide 77x10 .xlsx (new values)", buf.getvalue(), "wide.xlsx", db, indicator="pov_headcount")
    for suffix in (".xls", ".ods"):
        sheet = Sheet([[c for c in r] for r in wide_rows(rng)])
        timed(
            f"wide 77x10 {suffix} (new values)", to_bytes(suffix, sheet), f"wide{suffix}", db, indicator="pov_headcount"
        )
    real = DATA_DIR / "raw" / "nesdc_poverty_province" / "poor_province__poor_province_2013_05_29_17_37_31.xls"
    opts = recipe.load(SOURCES_DIR / "nesdc_poverty_t33_by_sex.toml").options(ingest.Options(db=db))
    timed("NESDC table 3.3 .xls via its recipe", real.read_bytes(), real.name, db, opts)
    big = long_csv(rng, 50_000)
    timed("long 50k rows CSV", big, "long.csv", db)
    timed("long 50k rows CSV again (unchanged)", big, "long.csv", db)


if __name__ == "__main__":
    main()
