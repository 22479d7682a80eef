"""pages/6_admin.py under AppTest: closed without a password; with one, sign-in, upload,
validation report, preview, confirm, import log."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from lib import ingest
from lib.core.paths import ROOT
from lib.store.build import build

PAGE = str(ROOT / "pages" / "6_admin.py")
FIX = ROOT / "tests" / "fixtures" / "ingest"


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("admin") / "t.duckdb"
    build(path)
    return path


@pytest.fixture()
def db(pristine: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "t.duckdb"
    shutil.copyfile(pristine, path)
    monkeypatch.setenv("SDG_DB", str(path))
    monkeypatch.delenv("SDG_ADMIN_PASSWORD", raising=False)
    return path


def page(lang: str = "en") -> AppTest:
    at = AppTest.from_file(PAGE, default_timeout=60)
    at.secrets["unrelated"] = "x"  # replaces any local .streamlit/secrets.toml: no admin_password
    at.query_params["lang"] = lang
    return at


def signed_in(monkeypatch: pytest.MonkeyPatch, lang: str = "en") -> AppTest:
    monkeypatch.setenv("SDG_ADMIN_PASSWORD", "s3cret-พาส")
    at = page(lang).run()
    at.text_input[0].input("s3cret-พาส")
    at.button[0].click()
    return at.run()


def test_closed_without_password(db: Path) -> None:
    at = page().run()
    assert not at.exception
    assert "SDG_ADMIN_PASSWORD" in at.info[0].value and "admin_password" in at.info[0].value
    assert not at.get("file_uploader") and not at.text_input
    at = page("th").run()
    assert "หน้านี้ปิดอยู่" in at.info[0].value


def test_wrong_password_is_refused(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SDG_ADMIN_PASSWORD", "s3cret-พาส")
    at = page().run()
    assert not at.get("file_uploader")
    at.text_input[0].input("guess")
    at.button[0].click()
    at.run()
    assert at.error[0].value == "Wrong password"
    assert not at.get("file_uploader")


def test_password_opens_the_uploader(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = signed_in(monkeypatch)
    assert not at.exception
    assert len(at.get("file_uploader")) == 1
    assert at.get("download_button")


def test_bad_upload_shows_report_in_thai(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = signed_in(monkeypatch, "th")
    at.get("file_uploader")[0].set_value(("bad.csv", (FIX / "bad_unknown_province.csv").read_bytes(), "text/csv"))
    at.run()
    assert not at.exception
    assert "พบปัญหา 1 รายการ" in at.error[0].value
    table = at.dataframe[0].value
    assert list(table.columns) == ["แถว", "คอลัมน์", "ปัญหา"]
    assert table.iloc[0].tolist() == [3, "B (province)", "ไม่รู้จักจังหวัด “Chaing Mai”"]
    assert at.dataframe[1].value["province_code"].tolist() == ["TH-57"]  # preview of the rows that passed
    assert not [b for b in at.button if b.label == "ยืนยันการนำเข้า"]


def test_good_upload_preview_and_confirm(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = signed_in(monkeypatch)
    at.get("file_uploader")[0].set_value(("wide_tis620.csv", (FIX / "wide_tis620.csv").read_bytes(), "text/csv"))
    at.selectbox[1].set_value("pov_headcount")
    at.run()
    assert not at.exception
    assert "19 rows would be added" in at.success[0].value
    assert len(at.dataframe[0].value) == 19
    confirm = [b for b in at.button if b.label == "Confirm import"][0]
    confirm.click()
    at.run()
    assert "Imported (import 1): 19 rows added" in " ".join(s.value for s in at.success)
    con = ingest.read_only(db)
    try:
        assert con.execute("SELECT count(*) FROM observation WHERE dataset = 'ministry'").fetchall() == [(19,)]
    finally:
        con.close()
    assert at.dataframe[0].value["status"].eq("added").all()
    log = at.dataframe[-1].value
    assert log["file_name"].tolist() == ["wide_tis620.csv"]
