"""What in a Markdown string would be active when Streamlit renders it: links, images, raw HTML,
and the autolinks GitHub-flavoured Markdown finds in plain text (remark-gfm's rules). Shared by
the page tests of hostile links and the unit tests of lib.app.text."""

from __future__ import annotations

import re

from markdown_it import MarkdownIt

_MD = MarkdownIt("commonmark").enable(["table", "strikethrough"])
# mdast-util-gfm-autolink-literal: "http(s)://" or "www." followed by a domain; name@domain
_GFM_URL = re.compile(r"(https?://|www(?=\.))([-.\w]+)", re.IGNORECASE)
_GFM_EMAIL = re.compile(r"([-.\w+]+)@([-\w]+(?:\.[-\w]+)+)")


def active(body: str) -> list[str]:
    """Everything active in `body`: ("link", href), ("image", src), ("html", text), ("autolink", text)."""
    found: list[str] = []

    def walk(tokens: list) -> None:  # type: ignore[type-arg]
        for tok in tokens:
            if tok.type == "link_open":
                found.append(f"link {tok.attrGet('href')}")
            elif tok.type == "image":
                found.append(f"image {tok.attrGet('src')}")
            elif tok.type in ("html_inline", "html_block"):
                found.append(f"html {tok.content}")
            elif tok.type == "text" and (m := _GFM_URL.search(tok.content) or _GFM_EMAIL.search(tok.content)):
                found.append(f"autolink {m.group(0)}")
            if tok.children:
                walk(tok.children)

    walk(_MD.parse(body))
    return found
