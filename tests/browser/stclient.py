"""A minimal client of Streamlit's own websocket protocol (what the browser speaks), for tests
that need many sessions at once or that play an attacker: open a session on a page, run it,
read the elements it drew, submit widget values, reconnect to a session by its id.

Not a test module: the server tests import it. Waiting is on messages with a deadline, never
on fixed sleeps."""

from __future__ import annotations

import time
import urllib.request
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import urlencode, urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.Element_pb2 import Element
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

XSRF_COOKIE = "_streamlit_xsrf"


def xsrf_cookie(base: str) -> str:
    """The XSRF cookie the server gives a browser (on its health check, which the page makes
    first); its token never changes for that browser afterwards."""
    with urllib.request.urlopen(base + "/_stcore/health", timeout=30) as r:
        for header in r.headers.get_all("Set-Cookie") or []:
            jar = SimpleCookie()
            jar.load(header)
            if XSRF_COOKIE in jar:
                return jar[XSRF_COOKIE].value
    raise AssertionError("the server set no XSRF cookie")


def elements(msgs: Iterable[ForwardMsg]) -> Iterator[Element]:
    for m in msgs:
        if m.WhichOneof("type") == "delta" and m.delta.WhichOneof("type") == "new_element":
            yield m.delta.new_element


def kind(e: Element) -> str:
    return str(e.WhichOneof("type"))


@dataclass
class Run:
    """What one script run sent: its messages, how it ended and how long it took."""

    msgs: list[ForwardMsg]
    status: str | None
    seconds: float

    @property
    def elements(self) -> list[Element]:
        return list(elements(self.msgs))

    def of(self, name: str) -> list[Element]:
        return [e for e in self.elements if kind(e) == name]

    @property
    def exceptions(self) -> list[str]:
        return [f"{e.exception.type}: {e.exception.message}" for e in self.of("exception")]

    def texts(self) -> list[str]:
        """Visible text of markdown, alerts, headings, captions and text elements."""
        out = []
        for e in self.elements:
            k = kind(e)
            if k in ("markdown", "heading", "text", "alert"):
                out.append(getattr(e, k).body)
            elif k == "code":  # e.g. the copy-link box
                out.append(e.code.code_text)
        return out


@dataclass
class Session:
    """One Streamlit session over one websocket (or a second websocket on an existing session)."""

    base: str
    cookie: str | None = None  # the XSRF cookie this "browser" holds
    session_id: str | None = None  # set to join an existing session (as a reconnecting browser does)
    headers: dict[str, str] = field(default_factory=dict)
    ws: ClientConnection | None = None

    def open(self, timeout: float = 30.0) -> Session:
        url = urlparse(self.base)
        # Positions matter (selected protocol, XSRF token, session to rejoin); "-" fills an
        # unused second place: it is no valid token, as when a browser has none.
        protocols = ["streamlit", self.cookie or "-", *([self.session_id] if self.session_id else [])]
        headers = dict(self.headers)
        if self.cookie:
            headers["Cookie"] = f"{XSRF_COOKIE}={self.cookie}"
        self.ws = connect(
            f"ws://{url.netloc}/_stcore/stream",
            subprotocols=protocols,  # type: ignore[arg-type]
            additional_headers=headers,
            open_timeout=timeout,
            max_size=None,
        ).__enter__()  # managed here: close() closes it
        return self

    def close(self) -> None:
        if self.ws is not None:
            self.ws.close()
            self.ws = None

    def __enter__(self) -> Session:
        return self.open()

    def __exit__(self, *exc: object) -> None:
        self.close()

    def send(self, msg: BackMsg) -> None:
        assert self.ws is not None, "open() first"
        self.ws.send(msg.SerializeToString())

    def clear_cache(self) -> None:
        """What the main menu's "Clear cache" (or the `c` key) sends."""
        self.send(BackMsg(clear_cache=True))

    def run(
        self,
        page: str = "",
        params: dict[str, str] | None = None,
        widgets: Iterable[WidgetState] = (),
        timeout: float = 120.0,
    ) -> Run:
        """Ask for a script run of `page` ("" is the home page, else the URL path name such as
        "admin") and collect every message until it finishes."""
        msg = BackMsg()
        msg.rerun_script.query_string = urlencode(params or {})
        msg.rerun_script.page_name = page
        msg.rerun_script.widget_states.widgets.extend(widgets)
        start = time.monotonic()
        self.send(msg)
        return self.collect(start, timeout)

    def collect(self, start: float, timeout: float) -> Run:
        assert self.ws is not None
        msgs: list[ForwardMsg] = []
        deadline = start + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return Run(msgs, None, time.monotonic() - start)
            try:
                raw = self.ws.recv(timeout=left)
            except TimeoutError:
                continue
            except ConnectionClosed:
                return Run(msgs, "closed", time.monotonic() - start)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            msgs.append(fm)
            which = fm.WhichOneof("type")
            if which == "new_session":
                self.session_id = fm.new_session.initialize.session_id
            elif which == "script_finished":
                status = ForwardMsg.ScriptFinishedStatus.Name(fm.script_finished)
                if status != "FINISHED_EARLY_FOR_RERUN":
                    return Run(msgs, status, time.monotonic() - start)


def widget(element: Element, **value: Any) -> WidgetState:
    """The state to send for `element` (a text input, a button...), e.g. string_value="x"."""
    w = WidgetState(id=getattr(element, kind(element)).id)
    for k, v in value.items():
        setattr(w, k, v)
    return w


def sign_in(session: Session, name: str, password: str, timeout: float = 120.0) -> Run:
    """Open the admin page in `session` and submit `name` and `password` in its sign-in form, as
    a browser does (the form's values and its submit button's trigger in one rerun)."""
    page = session.run("admin", {"lang": "en"}, timeout=timeout)
    fields = page.of("text_input")
    secret = next(e for e in fields if e.text_input.type == e.text_input.PASSWORD)
    user = next(e for e in fields if e.text_input.type != e.text_input.PASSWORD)
    submit = next(e for e in page.of("button") if e.button.is_form_submitter)
    widgets = [
        widget(user, string_value=name),
        widget(secret, string_value=password),
        widget(submit, trigger_value=True),
    ]
    return session.run("admin", {"lang": "en"}, widgets, timeout=timeout)


def upload(base: str, session_id: str, cookie: str, data: bytes, name: str = "f.csv") -> int:
    """PUT a file to Streamlit's upload endpoint as the browser's uploader does; the status."""
    import uuid

    import requests

    url = f"{base}/_stcore/upload_file/{session_id}/{uuid.uuid4()}"
    try:
        r = requests.put(
            url,
            files={"file": (name, data, "text/csv")},
            headers={"X-Xsrftoken": cookie},
            cookies={XSRF_COOKIE: cookie},
            timeout=60,
        )
    except requests.ConnectionError:
        return 0  # the server closed the connection before the body was sent
    return int(r.status_code)
