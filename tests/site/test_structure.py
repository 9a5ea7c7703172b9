"""Every page a reader can open is well-formed HTML5 with a language, a title
and exactly one top-level heading."""
from __future__ import annotations

from html.parser import HTMLParser

from tests.site.conftest import Built


class _Outline(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.lang: str | None = None
        self.title = ""
        self.h1 = 0
        self._in_title = False

    def handle_decl(self, decl: str) -> None:
        self.doctype = decl

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "html":
            self.lang = dict(attrs).get("lang")
        self._in_title = tag == "title"
        self.h1 += tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False if tag == "title" else self._in_title

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data


def outline(html: str) -> _Outline:
    parser = _Outline()
    parser.feed(html)
    return parser


def test_every_page_has_doctype_lang_title_and_one_h1(built: Built) -> None:
    pages = sorted(p for p in built.site.rglob("*.html") if "pagefind" not in p.parts)
    assert len(pages) > 20
    for page in pages:
        found = outline(page.read_text(encoding="utf-8"))
        where = page.relative_to(built.site)
        assert found.doctype.lower() == "doctype html", where
        assert found.lang in {"de", "en"}, where
        assert found.title.strip(), where
        assert found.h1 == 1, (where, found.h1)
