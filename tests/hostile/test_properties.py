"""Properties over any input (the seed parser's are in tests/ingest/test_properties.py):

- the front matter loader turns any text into an Article or a ContentError;
- the slugger gives a URL-safe slug or nothing, idempotent, at most 80 chars;
- rendered Markdown of any text never carries script.

`make fuzz` (HYPOTHESIS_PROFILE=fuzz) runs thousands of cases each."""
from __future__ import annotations

import re
from datetime import timezone
from pathlib import Path

from hypothesis import example, given
from hypothesis import strategies as st

from generator import frontmatter
from generator.errors import ContentError
from generator.markup import Markup
from generator.model import Article
from generator.text import SLUG_MAX, slugify
from tests.hostile.scan import Findings, scan_html

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PATH = Path("content/articles/fuzz.md")
YAML_PIECES = ["---\n", "title: ", "date: ", "slug: ", "tags: ", "entities: ", "extra: ", "draft: ",
               "summary: ", "words: ", "lang: ", "id: ", "\n", "  ", "- ", "[", "]", "{", "}", ": ",
               "&a ", "*a ", "!!python/name:os.system ", "!!binary ", "'", '"', "\\u0000", "\\x01",
               "2026-01-01", "2026-13-45T99:00", "null", "true", "1e400", "-.inf", "0x1F", "~", "<<: ",
               "? ", "|\n", ">\n", "#", "%YAML 1.1\n", "...\n", "\t", "\ufeff", "\r\n", "ä", "💥", "..\\/"]


@st.composite
def front_matter_texts(draw: st.DrawFn) -> str:
    pieces = draw(st.lists(st.one_of(st.sampled_from(YAML_PIECES), st.text(max_size=12)), max_size=40))
    head = draw(st.sampled_from(["---\n", "---\ntitle: T\ndate: 2026-01-01\n", "", "\ufeff---\r\n"]))
    tail = draw(st.sampled_from(["\n---\n\nBody.\n", "\n---\n", "", "\n---"]))
    return head + "".join(pieces) + tail


@given(st.one_of(front_matter_texts(), st.text()))
@example("---\ntitle: [a\n---\n")
@example("---\n- a\n---\n")
@example("---\ntitle: T\ndate: 2026-01-01\ntags: {a: b}\n---\n")
@example("---\ntitle: T\ndate: 2026-01-01\nentities: {people: {a: 1}}\n---\n")
@example("---\ntitle: T\ndate: 2026-01-01\n[a]: b\n---\n")
@example("---\ntitle: T\ndate: 9999-12-31T23:59:59-23:59\n---\n")
@example("---\ntitle: T\ndate: 2026-01-01\nextra: {[a]: 1}\n---\n")
@example("---\n? !!set {a}\n: 1\n---\n")
def test_front_matter_any_text_is_article_or_content_error(text: str) -> None:
    try:
        article = frontmatter.parse(text, PATH, "de", timezone.utc)
    except ContentError as exc:
        assert str(exc).startswith(str(PATH)), str(exc)
        return
    assert isinstance(article, Article)
    assert article.title and article.slug and SLUG.match(article.slug)
    assert article.date.tzinfo is not None
    for value in (article.title, article.summary, *article.tags):
        assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", value)


@given(st.text())
@example("CON")
@example("Über Zürich")
@example("-" * 200)
@example("a-" * 100)
@example("ǅ ﬁ ẞ ℌ ⅷ ① ㎏")
@example("x" * 79 + "-" + "y" * 10)
def test_slugify_is_safe_idempotent_and_short(text: str) -> None:
    slug = slugify(text)
    assert slug == "" or SLUG.match(slug), slug
    assert len(slug) <= SLUG_MAX
    assert slugify(slug) == slug
    assert slug not in {"con", "prn", "aux", "nul", "com1", "lpt1"}


@given(st.lists(st.sampled_from(["<script>", "</script>", "<img src=x onerror=alert(1)>", "[a](",
                                 "javascript:alert(1)", ")", "![b](", "data:text/html,x", "<", ">",
                                 "\n\n", "::: caption\n", ":::\n", "`", "```\n", "<!--", "-->", "&#",
                                 "\\", "*", "<a href=", '"', "'", " on", "click=", "x", "[r]: "]),
                max_size=30).map("".join))
def test_rendered_markdown_never_carries_script(source: str) -> None:
    out = Markup({}, allow_raw_html=False).convert(source)
    findings = Findings()
    scan_html("markdown", out, findings)
    assert not findings.problems, (findings.problems, out)
