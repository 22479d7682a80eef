""".streamlit/config.toml as Streamlit reads it: the server's upload cap is the importer's file
limit, visitors see no error details, no developer menu, XSRF on (the admin grant relies on it);
and lib.app.admin reads Streamlit's XSRF cookie as Streamlit itself does."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from lib.app.admin import xsrf_token
from lib.core.paths import ROOT
from lib.ingest import DEFAULT_LIMITS, MB

OPTIONS = (
    "server.maxUploadSize",
    "client.showErrorDetails",
    "client.toolbarMode",
    "client.showErrorLinks",
    "server.enableXsrfProtection",
    "server.fileWatcherType",
    "server.allowRunOnSave",
)


@pytest.fixture(scope="module")
def options() -> dict[str, object]:
    """The options a server started in the project folder gets (a fresh interpreter: this one
    may have Streamlit's config already set by AppTest)."""
    code = (
        "import json; from streamlit import config; "
        f"print(json.dumps({{k: config.get_option(k) for k in {OPTIONS!r}}}))"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def test_upload_cap_is_the_importer_limit(options: dict[str, object]) -> None:
    assert DEFAULT_LIMITS.max_bytes % MB == 0, "the server's cap is in whole MB"
    assert options["server.maxUploadSize"] == DEFAULT_LIMITS.max_bytes // MB == 20


def test_visitors_see_no_error_details_nor_developer_menu(options: dict[str, object]) -> None:
    from streamlit.config import ShowErrorDetailsConfigOptions

    assert options["client.showErrorDetails"] == ShowErrorDetailsConfigOptions.NONE.value
    assert options["client.toolbarMode"] == "minimal"
    assert options["client.showErrorLinks"] is False
    assert options["server.allowRunOnSave"] is False and options["server.fileWatcherType"] == "none"


def test_xsrf_on(options: dict[str, object]) -> None:
    assert options["server.enableXsrfProtection"] is True


def test_xsrf_token_read_as_streamlit_reads_it() -> None:
    from streamlit.web.server.starlette.starlette_app_utils import (
        decode_xsrf_token_string,
        generate_xsrf_token_string,
    )

    token = bytes(range(16))
    first, second = generate_xsrf_token_string(token), generate_xsrf_token_string(token)
    assert first != second  # a new mask each time the cookie is set ...
    assert xsrf_token(first) == xsrf_token(second) == decode_xsrf_token_string(first)[0] == token  # ... same token
    assert xsrf_token(None) == xsrf_token("") == xsrf_token("2|zz|zz|1") == b""
