"""markup.py's speed-ups (plain_document writes the HTML of plain documents
without the pipeline; PlainParagraph claims plain paragraphs before the
other block processors search them; PlainText skips the inline patterns
for text none of them can match; HeadingIds replaces the toc extension) must not
change a byte of the HTML: compared with a converter built the stock way,
on the shipped article, on markup-dense prose and on generated text."""
from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from markdown.extensions.toc import TocExtension

from generator import frontmatter
from generator.markup import Markup, plain_document
from generator.text import slugify

ROOT = Path(__file__).resolve().parents[2]
LABELS = {"de": {"related": "Passend zum Thema"}, "en": {"related": "Related"}}


class StockMarkup(Markup):
    def convert(self, text: str, lang: str = "en") -> str:
        self._lang = lang
        self._md.reset()
        return self._md.convert(text)


def stock() -> Markup:
    """The converter as it was: every document through the pipeline, every
    text node through every inline pattern, heading ids from the toc extension."""
    markup = StockMarkup(LABELS)
    md = markup._md
    md.parser.blockprocessors.deregister("plain_paragraph")
    md.treeprocessors.deregister("plaintext")
    md.treeprocessors.deregister("heading_ids")
    TocExtension(slugify=lambda value, _sep: slugify(value) or "section").extendMarkdown(md)
    return markup


FAST, STOCK = Markup(LABELS), stock()

SAMPLES = [
    "# Titel\n\nEin *kurzer* Absatz mit `Code`, [Link](https://example.org) und &amp; Entity.\n",
    "## Gleich\n\n## Gleich\n\n## Gleich_1\n\nText  \nmit Zeilenumbruch.\n",
    "Eine <https://example.org> und <mail@example.org>, ein Bild ![alt](x.png \"t\").\n",
    "> «Zitat» mit __fett__ und\n> zweiter Zeile\n\n- eins\n- zwei *drei*\n\n1. a\n2. b\n",
    "| a | b |\n|---|---|\n| 1 | *2* |\n\n```\ncode <b>\n```\n",
    "::: caption\nBild von der Demo\n© Keystone/Foo\n:::\n\n::: related\nPassend zum Thema: mehr\n:::\n",
    "## Über «Preise» & Löhne\n\nText \\*nicht betont\\* und 3 < 4 > 2.\n\n## \n\n## <b>roh</b>\n",
    "[ref][1] und [kurz]\n\n[1]: https://example.org\n[kurz]: /a\n",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_samples_convert_as_stock(text: str) -> None:
    for lang in ("de", "en"):
        assert FAST.convert(text, lang) == STOCK.convert(text, lang)


def test_toc_marker_is_text() -> None:
    """The one difference, on purpose: no table of contents from a seed."""
    assert FAST.convert("[TOC]\n\n## A\n") == '<p>[TOC]</p>\n<h2 id="a">A</h2>'


def test_shipped_article_converts_as_stock() -> None:
    for path in sorted((ROOT / "content" / "articles").glob("*.md")):
        body = frontmatter.split(path.read_text(encoding="utf-8"), path).body
        assert FAST.convert(body, "de") == STOCK.convert(body, "de")


# prose with every character an inline or block pattern reacts to
MARKDOWN_ALPHABET = st.sampled_from(list("abc ÄÖü«»\n\n#*_`[]()<>!&;\\:|-.1©+=~\t") + [
    "  \n", "\n\n", "## ", "::: caption\n", ":::\n", "1. ", "2) ", "    ", "- ", "> ", "---\n", "[a]: /x\n", "```\n"])


@settings(max_examples=1000, deadline=None)
@given(st.lists(MARKDOWN_ALPHABET, max_size=80).map("".join))
def test_generated_text_converts_as_stock(text: str) -> None:
    if "[TOC]" in text:
        return
    assert FAST.convert(text) == STOCK.convert(text)


NEWS_BODY = """Die Stimmung vor Ort ist gespalten: Manche begrüßen die Pläne. Ähnliche Modelle gibt es in Bern.
Ein zweiter Satz auf einer neuen Zeile, mit «Anführungszeichen» und 3 > 2.

> «Wir werden genau hinschauen», sagte Jan Ivanova.
> Eine zweite Zeile im Zitat.

## Was bisher bekannt ist

- Die Kosten: 20 Millionen Franken
- Der Zeitplan (2026)

## Was bisher bekannt ist

# Über «Preise» in Zürich


Letzter Absatz nach zwei Leerzeilen.
"""


def test_news_bodies_take_the_document_fast_path() -> None:
    fast = plain_document(NEWS_BODY)
    assert fast is not None
    assert fast == STOCK.convert(NEWS_BODY)
    assert '<h2 id="was-bisher-bekannt-ist_1">' in fast


@pytest.mark.parametrize("text", [
    "> a\n\n> b\n",                  # two quotes: Markdown makes them one
    "- a\n\n- b\n",                  # a loose list
    "Text\n- kein Absatz\n",          # a list inside a paragraph
    "3. Oktober\n",                   # an ordered list
    "## C#\n",                        # closing hashes are stripped
    "Zeile  \nmit Umbruch\n",         # a line break
    "Titel\n=====\n",                # a setext heading
    "    Code\n",
    "a & b\n", "<b>\n", "a\tb\n", "x" * 20_001,
])
def test_document_fast_path_refuses_what_it_cannot_write(text: str) -> None:
    assert plain_document(text) is None
    assert FAST.convert(text) == STOCK.convert(text)


# near-plain documents: the shapes plain_document takes, and their neighbours it must refuse
_WORD = st.text(alphabet="abcÄü«»'\"().,;:!?#>1-= \u00a0", min_size=1, max_size=10)
_LINE_START = st.sampled_from(["", "", "", "", "## ", "# ", "###### ", "####### ", "##", "> ", ">", "- ",
                               "-", "* ", "1. ", "3) ", " ", "    ", "\u00a0", "=", ": "])
_LINE = st.builds(lambda start, words: start + " ".join(words), _LINE_START, st.lists(_WORD, min_size=1, max_size=5))
_BLOCK = st.lists(_LINE, min_size=1, max_size=3).map("\n".join)
_GAP = st.sampled_from(["\n\n", "\n\n", "\n\n\n", "\n", "\n\n \n"])


@settings(max_examples=1500, deadline=None)
@given(st.lists(st.tuples(_BLOCK, _GAP), max_size=8).map(lambda parts: "".join(b + g for b, g in parts)))
def test_near_plain_documents_convert_as_stock(text: str) -> None:
    assert FAST.convert(text) == STOCK.convert(text)
