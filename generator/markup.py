"""Markdown → HTML with Python-Markdown and the project's extensions:

- `::: caption` / `::: related` blocks for image captions (with the photo
  credit on a line starting with ©) and related-article teasers;
- safety: raw HTML is escaped unless the site allows it, and links or images
  with script-capable URL schemes are dropped;
- robustness: a paragraph too long or too full of markup for Python-Markdown
  (whose inline parsing is quadratic in nested brackets and recursive in
  nested emphasis) is shown as plain text instead of hanging or crashing.
"""
from __future__ import annotations

import functools
import html
import re
import xml.etree.ElementTree as etree
from collections.abc import Callable, Mapping

import markdown
from markdown import util
from markdown.blockprocessors import BlockProcessor
from markdown.extensions import Extension, toc
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from .text import slugify

_SAFE_SCHEMES = ("http:", "https:", "mailto:", "tel:", "ftp:")
MAX_BLOCK_CHARS = 20_000       # a paragraph; news paragraphs are far shorter
MAX_BLOCK_MARKUP = 1_000       # unescaped [ ] * _ ` ! in one paragraph
_MARKUP_CHARS = re.compile(r"[\[\]*_`!]")
_BACKSLASH_ESCAPE = re.compile(r"\\(.)")
# What any inline pattern (code, escape, link, image, autolink, line break,
# entity, emphasis) or a stash placeholder needs in order to match
_INLINE_TRIGGER = re.compile(r"[\\`*_\[<&\x02\x03]")      # or a line break: "  \n"
_HEADINGS = frozenset(("h1", "h2", "h3", "h4", "h5", "h6"))


class NewsBlockProcessor(BlockProcessor):
    """A block from `::: kind` to `:::`; kinds: caption, related."""

    START = re.compile(r"^::: *(caption|related) *$", re.M)

    def __init__(self, parser: markdown.blockparser.BlockParser, labels: Callable[[str], str]) -> None:
        super().__init__(parser)
        self.labels = labels

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(self.START.match(block))

    def run(self, parent: etree.Element, blocks: list[str]) -> bool:
        first = blocks.pop(0)
        match = self.START.match(first)
        assert match is not None
        lines = first[match.end():].strip("\n").split("\n")
        # the block may span blank lines: gather until the closing fence
        while ":::" not in [ln.strip() for ln in lines] and blocks:
            lines += [""] + blocks.pop(0).split("\n")
        if ":::" in [ln.strip() for ln in lines]:
            close = [ln.strip() for ln in lines].index(":::")
            rest = "\n".join(lines[close + 1:]).strip("\n")
            lines = lines[:close]
            if rest:
                blocks.insert(0, rest)
        text_lines = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("©")]
        credits = [ln.lstrip()[1:].strip() for ln in lines if ln.lstrip().startswith("©")]
        text = " ".join(ln.strip() for ln in text_lines)
        if match.group(1) == "caption":
            figure = etree.SubElement(parent, "figure", {"class": "caption"})
            caption = etree.SubElement(figure, "figcaption")
            etree.SubElement(caption, "span", {"class": "caption-text"}).text = text
            if credits:
                credit = etree.SubElement(caption, "span", {"class": "credit"})
                credit.text = " ".join(credits)
        else:
            aside = etree.SubElement(parent, "aside", {"class": "related-teaser"})
            etree.SubElement(aside, "p", {"class": "related-label"}).text = self.labels("related")
            etree.SubElement(aside, "p").text = text
        return True


class PlainParagraph(BlockProcessor):
    """A block with nothing at a line start that another block processor
    could claim (heading, list, quote, rule, table, reference, fence,
    indented code, `:::`) is a paragraph: say so at once, instead of after
    every processor's pattern has searched it. Outside lists and quotes
    only, where a paragraph is always a plain <p>."""

    SYNTAX = re.compile(r"^[ ]{0,3}(?:[#>*+=\[:`~_-]|\d+[.)])|\|", re.M)

    def test(self, parent: etree.Element, block: str) -> bool:
        return bool(block) and not block[0].isspace() and not self.parser.state and not self.SYNTAX.search(block)

    def run(self, parent: etree.Element, blocks: list[str]) -> None:
        etree.SubElement(parent, "p").text = blocks.pop(0).lstrip()


class PlainOversized(Preprocessor):
    """Paragraphs Python-Markdown cannot parse in reasonable time and stack
    become escaped plain text (stashed, so nothing parses them again)."""

    def run(self, lines: list[str]) -> list[str]:
        blocks = "\n".join(lines).split("\n\n")
        for index, block in enumerate(blocks):
            if len(block) <= MAX_BLOCK_MARKUP:
                continue                # too short to hit either limit
            markup = len(_MARKUP_CHARS.findall(_BACKSLASH_ESCAPE.sub("", block)))
            if len(block) > MAX_BLOCK_CHARS or markup > MAX_BLOCK_MARKUP:
                blocks[index] = self.md.htmlStash.store(f"<p>{_plain(block)}</p>")
        return "\n\n".join(blocks).split("\n")


def _plain(block: str) -> str:
    return html.escape(html.unescape(_BACKSLASH_ESCAPE.sub(r"\1", " ".join(block.split()))))


class PlainText(Treeprocessor):
    """Mark text no inline pattern can match as atomic, so the inline
    processor skips it. News prose is mostly such text, and trying every
    pattern on every text node was half the time of a conversion; the
    output is the same (tests/site/test_markup.py compares)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and _is_plain(text):
                element.text = util.AtomicString(text)
            if tail and _is_plain(tail):
                element.tail = util.AtomicString(tail)


def _is_plain(text: str) -> bool:
    return not isinstance(text, util.AtomicString) and not _INLINE_TRIGGER.search(text) and "  \n" not in text


class HeadingIds(Treeprocessor):
    """Anchor ids on headings, exactly as the toc extension makes them,
    without its table of contents (serialised for every document, shown
    nowhere) or its `[TOC]` marker (a seed's text is not a command)."""

    def run(self, root: etree.Element) -> None:
        used = {element.attrib["id"] for element in root.iter() if "id" in element.attrib}
        counters: dict[str, int] = {}
        for element in root.iter():
            if element.tag in _HEADINGS and "id" not in element.attrib:
                inner = toc.render_inner_html(toc.remove_fnrefs(element), self.md)
                element.attrib["id"] = _heading_id(inner, used, counters)


def _heading_id(inner_html: str, used: set[str], counters: dict[str, int]) -> str:
    return toc.unique(_heading_slug(html.unescape(toc.strip_tags(inner_html))), used, counters)


# The document fast path (plain_document) takes text only when every block
# is one of four shapes and nothing in it could mean more: no inline
# trigger, table, fence, tab, line-end space (a line break, or stripped), or
# other control Python-Markdown's preprocessors rewrite.
_NOT_PLAIN = ("\\", "`", "*", "_", "[", "<", "&", "\x02", "\x03", "|", "~", "\t", "\r", " \n")
_CLAIMS = frozenset("#>*+=[:`~_-")     # a line starting so may belong to another block processor
_ORDERED = re.compile(r"\d+[.)]")
_HEADING = re.compile(r"(#{1,6}) ([^#\n]+)")


def _claimed(line: str) -> bool:
    """Could a block processor take this line, or lstrip() change it?"""
    first = line[:1]
    return not first or first in _CLAIMS or first.isspace() or (first.isdigit() and bool(_ORDERED.match(line)))


def plain_document(text: str) -> str | None:
    """The HTML Python-Markdown (with the extensions above) makes of `text`,
    byte for byte, when `text` holds only plain paragraphs, `#` headings,
    quotes of one plain paragraph and tight `- ` lists of plain lines; None
    for anything else (the converter decides). News bodies are mostly
    this, and the full pipeline costs several times as much for them."""
    if any(mark in text for mark in _NOT_PLAIN) or text.endswith(" "):
        return None
    html_blocks: list[str] = []
    used: set[str] = set()
    counters: dict[str, int] = {}
    previous = ""
    # as Python-Markdown splits: at blank lines; a block's extra leading newlines are dropped
    for block in text.strip("\n").split("\n\n"):
        block = block.lstrip("\n")
        if not block:
            continue
        if len(block) > MAX_BLOCK_CHARS:            # PlainOversized's
            return None
        kind = block[:2]
        if kind in ("> ", "- "):
            if kind == previous:            # Markdown merges it into the quote or list before
                return None
            lines = block.split("\n")
            if any(line[:2] != kind or _claimed(line[2:]) for line in lines):
                return None
            if kind == "> ":
                quote = _escape_text("\n".join(line[2:] for line in lines))
                html_blocks.append(f"<blockquote>\n<p>{quote}</p>\n</blockquote>")
            else:
                items = "\n".join(f"<li>{_escape_text(line[2:])}</li>" for line in lines)
                html_blocks.append(f"<ul>\n{items}\n</ul>")
        elif kind[0] == "#":
            heading = _HEADING.fullmatch(block)
            if heading is None or heading[2] != heading[2].strip():
                return None
            level, title = len(heading[1]), _escape_text(heading[2])
            html_blocks.append(f'<h{level} id="{_escape_attribute(_heading_id(title, used, counters))}">'
                               f"{title}</h{level}>")
        elif any(_claimed(line) for line in block.split("\n")):
            return None
        else:
            html_blocks.append(f"<p>{_escape_text(block)}</p>")
        previous = kind
    return "\n".join(html_blocks)


def _escape_text(text: str) -> str:
    """As Python-Markdown's serializer escapes text without & or <."""
    return text.replace(">", "&gt;")


def _escape_attribute(value: str) -> str:
    return value.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")


class SafeLinks(Treeprocessor):
    """Drop href/src values whose scheme could run script (javascript:, data:, …)."""

    def run(self, root: etree.Element) -> None:
        for element in root.iter():
            for attribute in ("href", "src"):
                value = element.get(attribute)
                if value is not None and not _is_safe_url(value):
                    del element.attrib[attribute]
                    if element.tag == "img":    # an img needs a src: show its alt text
                        element.tag, element.text = "span", element.attrib.pop("alt", "")


def _is_safe_url(url: str) -> bool:
    compact = re.sub(r"[\x00-\x20]", "", url).lower()
    scheme = re.match(r"^[a-z][a-z0-9+.-]*:", compact)
    return scheme is None or compact.startswith(_SAFE_SCHEMES)


class NewsExtension(Extension):
    def __init__(self, labels: Callable[[str], str], allow_raw_html: bool) -> None:
        super().__init__()
        self.labels = labels
        self.allow_raw_html = allow_raw_html

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 - Markdown's API
        md.parser.blockprocessors.register(NewsBlockProcessor(md.parser, self.labels), "newsblock", 95)
        md.parser.blockprocessors.register(PlainParagraph(md.parser), "plain_paragraph", 105)   # before all
        md.treeprocessors.register(PlainText(md), "plaintext", 21)      # just before "inline" (20)
        md.treeprocessors.register(HeadingIds(md), "heading_ids", 5)
        md.treeprocessors.register(SafeLinks(md), "safelinks", 0)
        md.preprocessors.register(PlainOversized(md), "plain_oversized", 25)
        if not self.allow_raw_html:
            md.preprocessors.deregister("html_block")
            md.inlinePatterns.deregister("html")


def _heading_slug(text: str) -> str:
    return slugify(text) or "section"


class Markup:
    """One Markdown instance, reset between documents (creating one per
    document costs more than converting a short article), made when the
    first document that is not plain needs it (~20 ms)."""

    def __init__(self, labels: Mapping[str, Mapping[str, str]], allow_raw_html: bool = False) -> None:
        self._lang = "en"
        self._labels = labels
        self._allow_raw_html = allow_raw_html

    @functools.cached_property
    def _md(self) -> markdown.Markdown:
        return markdown.Markdown(
            extensions=["tables", "fenced_code", "sane_lists", NewsExtension(self._label, self._allow_raw_html)],
            output_format="html")

    def _label(self, key: str) -> str:
        table = self._labels.get(self._lang) or self._labels.get("en") or {}
        return table.get(key, key)

    def convert(self, text: str, lang: str = "en") -> str:
        fast = plain_document(text)
        if fast is not None:
            return fast
        self._lang = lang
        self._md.reset()
        try:
            return self._md.convert(text)
        except RecursionError:      # nesting deeper than the checks above foresee
            self._md.reset()
            return "\n".join(f"<p>{_plain(block)}</p>" for block in text.split("\n\n") if block.strip())
