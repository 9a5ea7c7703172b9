"""Hostile text in content, seeds and site.yaml is rendered as inert text in
every output file: pages, feeds, JSON-LD, sitemap, search index, and any
output added later (the scanner walks all of site/)."""
from __future__ import annotations

import html
from pathlib import Path

import pytest

from generator.markup import Markup
from tests.hostile.helpers import run_ingest
from tests.conftest import ROOT, run_cli, write_article
from tests.hostile.scan import scan_site

# A Jinja expression that, if evaluated anywhere, prints this proof word.
EVAL_PROOF = "PWNED"
JINJA = "{{ 'PW' ~ 'NED' }} {% if true %}{{ 'PW' ~ 'NED' }}{% endif %} {# c #}"
HOSTILE = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "'><svg onload=alert(1)>",
    "</script><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<!--<script>alert(1)//-->",
    "]]><script>alert(1)</script><![CDATA[",
    "javascript:alert(1)",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    JINJA,
    "ctl \x01\x02\x1b[31m\x7f\x85 end",
]
BODY = """Ein Absatz mit <script>alert('body')</script> und <img src=x onerror=alert(2)>.

<div onclick="alert(3)">raw block</div>

<iframe src="javascript:alert(4)"></iframe>

[Klick](javascript:alert(5)) [Klick2](JaVaScRiPt:alert(6)) [Klick3]( java\tscript:alert(7) )
[data](data:text/html;base64,PHNjcmlwdD4=) [vb](vbscript:msgbox) <javascript:alert(8)>

![bild](javascript:alert(9)) ![bild2](data:image/svg+xml,<svg onload=alert(10)>)

[ref][r] and [ok](https://example.org/a?b=1) and [rel](../tags/)

[r]: javascript:alert(11)

{JINJA}

</script><script>alert(12)</script> <!-- --> <![CDATA[ x ]]>

::: caption
<script>alert(13)</script> Bild {JINJA}
© <img src=x onerror=alert(14)>
:::

::: related
"><script>alert(15)</script>
:::

Ende \x01\x0b\x1b[0m.
""".replace("{JINJA}", JINJA)


def _hostile_project(root: Path) -> Path:
    (root / "site.yaml").write_text(
        "title: '<script>alert(\"site\")</script> {{ 1 }}'\n"
        "description: '\"><img src=x onerror=alert(1)> " + JINJA.replace("'", "''") + "'\n"
        "author: '</script><script>alert(2)</script>'\n",
        encoding="utf-8")
    for number, text in enumerate(HOSTILE):
        write_article(root, f"hostile-{number}", title=f"T{number} {text}", date=f"2026-02-{number + 1:02d}",
                      body=BODY, summary=f"S {text}", tags=[text, "gemeinsam"],
                      people=[f"P {text}"], places=[f"O {text}"], organisations=[f"G {text}"],
                      extra={"note": text, "link": "javascript:alert(1)"})
    write_article(root, "plain", title="Plain", date="2026-03-01", body="Nichts Besonderes.",
                  tags=["gemeinsam"])
    return root


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = _hostile_project(tmp_path_factory.mktemp("hostile"))
    result = run_cli("build", cwd=root)
    assert result.returncode == 0, result.stderr
    return root / "site"


def test_every_output_is_inert(hostile_site: Path) -> None:
    findings = scan_site(hostile_site, forbidden=(EVAL_PROOF,))
    assert findings.files > 20
    assert not findings.problems, "\n".join(findings.problems[:40])


def test_jinja_syntax_appears_literally(hostile_site: Path) -> None:
    page = (hostile_site / "articles" / "hostile-10" / "index.html").read_text(encoding="utf-8")
    assert html.escape(JINJA, quote=True).replace("&#x27;", "&#39;") in page \
        or JINJA.replace("'", "&#39;") in page
    assert EVAL_PROOF not in page


def test_hostile_text_is_visible_as_text(hostile_site: Path) -> None:
    """Escaped, not dropped: the reader sees what the author wrote."""
    page = (hostile_site / "articles" / "hostile-0" / "index.html").read_text(encoding="utf-8")
    assert "T0 &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "&lt;script&gt;alert(&#39;body&#39;)&lt;/script&gt;" in page or \
        "&lt;script&gt;alert('body')&lt;/script&gt;" in page
    assert "\x01" not in page and "\x1b" not in page


def test_markdown_raw_html_off_by_default(hostile_site: Path) -> None:
    page = (hostile_site / "articles" / "plain" / "index.html").read_text(encoding="utf-8")
    assert "<html" in page
    body = (hostile_site / "articles" / "hostile-1" / "index.html").read_text(encoding="utf-8")
    assert "&lt;div onclick=" in body and "<div onclick" not in body


def test_jsonld_escapes_script_end(hostile_site: Path) -> None:
    page = (hostile_site / "articles" / "hostile-3" / "index.html").read_text(encoding="utf-8")
    start = page.index('<script type="application/ld+json">')
    block = page[start:page.index("</script>", start)]
    assert "</" not in block[len('<script type="application/ld+json">'):]
    assert "<!--" not in block


# --- markup.py directly ------------------------------------------------------

@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", " javascript:alert(1)", "java\tscript:alert(1)",
    "java\nscript:alert(1)", "\x01javascript:alert(1)", "vbscript:msgbox(1)", "livescript:x",
    "data:text/html;base64,PHNjcmlwdD4=", "DATA:text/html,<script>", "file:///etc/passwd",
    "jar:http://x!/", "view-source:http://x",
])
def test_unsafe_link_schemes_are_dropped(url: str) -> None:
    markup = Markup({}, allow_raw_html=False)
    for source in (f"[x]({url})", f"![x]({url})", f"[x][r]\n\n[r]: {url}", f"<{url}>"):
        out = markup.convert(source)
        lowered = out.lower().replace("&#x", "&#")
        for scheme in ("javascript:", "vbscript:", "data:", "livescript:", "file:", "jar:", "view-source:"):
            assert f'href="{scheme}' not in lowered.replace(" ", "") and f'src="{scheme}' not in lowered, out
        assert "<script" not in lowered, out


@pytest.mark.parametrize("url", ["https://example.org/x", "http://a.b/?q=1&r=2", "mailto:a@b.c",
                                 "tel:+411234", "/tags/x/", "../a/", "#top", "x.html", "?q=1"])
def test_safe_links_are_kept(url: str) -> None:
    out = Markup({}, allow_raw_html=False).convert(f"[x]({url})")
    assert "href=" in out, out


def test_raw_html_is_escaped_unless_allowed() -> None:
    source = '<div onclick="alert(1)">x</div>\n\nText <b onmouseover="alert(2)">bold</b> <script>alert(3)</script>'
    safe = Markup({}, allow_raw_html=False).convert(source)
    assert "<div" not in safe and "<b " not in safe and "<script" not in safe, safe
    unsafe = Markup({}, allow_raw_html=True).convert(source)
    assert '<div onclick="alert(1)">' in unsafe   # documented as unsafe: the author's markup passes


def test_raw_html_site_option_is_honoured(tmp_path: Path) -> None:
    (tmp_path / "site.yaml").write_text("markdown:\n  allow_raw_html: true\n", encoding="utf-8")
    write_article(tmp_path, "raw", title="Raw", date="2026-01-01", body='<p class="mine">kept</p>')
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert '<p class="mine">kept</p>' in (tmp_path / "site/articles/raw/index.html").read_text()


# --- a hostile seed through ingest -----------------------------------------------

SEED = f"""Sturm über <script>alert('seed')</script> Zürich

12.02.2026

Der Gemeinderat hat am Mittwoch <img src=x onerror=alert(1)> beschlossen, dass {JINJA} gilt.

[Klick](javascript:alert(2)) und <a href="javascript:alert(3)">hier</a> und </script><script>alert(4)</script>.

Legende: <svg onload=alert(5)> Ein Bild vom See. IMAGO/{JINJA}

Passend zum Thema: "><script>alert(6)</script>

Ein weiterer Absatz mit ::: caption und {{% raw %}} und \x01\x1b[31m Steuerzeichen.
"""


def test_hostile_seed_through_ingest_and_build(tmp_path: Path) -> None:
    (tmp_path / "seeds").mkdir()
    (tmp_path / "seeds" / "hostile.txt").write_text(SEED, encoding="utf-8")
    result = run_ingest(cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    articles = list((tmp_path / "content" / "articles").glob("*.md"))
    assert len(articles) == 1
    text = articles[0].read_text(encoding="utf-8")
    assert "\x01" not in text and "\x1b" not in text
    result = run_cli("build", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    findings = scan_site(tmp_path / "site", forbidden=(EVAL_PROOF,))
    assert not findings.problems, "\n".join(findings.problems[:40])
    page = (tmp_path / "site" / "articles" / articles[0].stem / "index.html").read_text(encoding="utf-8")
    assert "&lt;img src=x onerror=alert(1)&gt;" in page
    assert "{{ &#39;PW&#39; ~ &#39;NED&#39; }}" in page


def test_scanner_catches_injections(tmp_path: Path) -> None:
    """The scanner itself is tested: each planted injection is reported."""
    site = tmp_path / "site"
    site.mkdir()
    planted = {
        "a.html": "<html><body><script>alert(1)</script></body></html>",
        "b.html": '<html><body><img src=x onerror="alert(1)"></body></html>',
        "c.html": '<html><body><a href=" javascript:alert(1)">x</a></body></html>',
        "d.html": '<html><script type="application/ld+json">{"a": "</script>"}</script></html>',
        "e.xml": "<feed><title>\x01</title></feed>",
        "f.html": f"<html>{EVAL_PROOF}</html>",
        "g.json": '{"items": [{"url": "javascript:alert(1)"}]}',
    }
    for name, text in planted.items():
        (site / name).write_text(text, encoding="utf-8")
    findings = scan_site(site, forbidden=(EVAL_PROOF,))
    flagged = {problem.split(":")[0] for problem in findings.problems}
    assert flagged == set(planted), findings.problems


def test_shipped_templates_have_no_unsafe_filters() -> None:
    """`|safe` and `{% autoescape false %}` bypass escaping: only for HTML the
    generator itself made (rendered Markdown, charts)."""
    allowed = {"term.chart", "info.chart"}
    for template in sorted((ROOT / "templates").rglob("*.html")):
        text = template.read_text(encoding="utf-8")
        assert "autoescape false" not in text, template
        for line in text.splitlines():
            if "|safe" in line.replace(" ", ""):
                assert any(a in line for a in allowed), f"{template.name}: {line.strip()}"
