"""A generic scanner over every file of a built site/: whatever outputs
exist (pages, feeds, JSON-LD, sitemap, search index, files added later),
content must stay inert text in all of them.

Rules:
- HTML: every <script> is either JSON data (type application/ld+json or
  application/json: valid JSON, no '</' or '<!--' inside) or one of the site's
  own scripts (its src under /static/ or /pagefind/, or its inline text found
  verbatim in a template file); no on*= attribute anywhere; no URL attribute
  with a javascript:, vbscript: or data: scheme; no <iframe>, <object>,
  <embed>, <base>, <form>, <meta http-equiv=refresh>; no open marker
  element (<img>, <svg> …) carrying a content marker.
- XML: well-formed (no control characters), no javascript:/data: URLs.
- JSON: valid; no '</' that a page might inline.
- Everywhere: `forbidden` strings (proof that a Jinja expression ran) are absent.
"""
from __future__ import annotations

import gzip
import json
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "xlink:href", "poster", "background",
                  "srcset", "data", "cite", "ping", "manifest"}
BAD_SCHEME = re.compile(r"^(?:javascript|vbscript|data|livescript):", re.I)
DANGEROUS_TAGS = {"iframe", "object", "embed", "base", "form", "frame", "frameset", "applet"}
JSON_TYPES = {"application/ld+json", "application/json", "importmap"}


def _compact(url: str) -> str:
    return re.sub(r"[\x00-\x20\x7f]", "", url)


def known_scripts() -> list[re.Pattern[str]]:
    """The site's own inline scripts, from the template sources: each
    `{{ … }}` in them may render to any text without '<' (tojson escapes it)."""
    global _KNOWN
    if _KNOWN is None:
        sources = [p.read_text(encoding="utf-8", errors="replace")
                   for p in sorted(TEMPLATES.rglob("*")) if p.is_file()]
        from generator import livereload
        sources.append(Path(livereload.__file__).read_text(encoding="utf-8"))
        _KNOWN = []
        for source in sources:
            for body in re.findall(r"<script(?:\s[^>]*)?>(.*?)</script>", source, re.S):
                for variant in _branches(body.strip()):
                    parts = re.split(r"\{\{.*?\}\}|\{%.*?%\}|__EPOCH__", variant, flags=re.S)
                    if len("".join(parts).strip()) >= 20:   # a bare {{ x }} body would match anything
                        _KNOWN.append(re.compile(r"[^<]*?".join(re.escape(p) for p in parts), re.S))
    return _KNOWN


_CONDITION = re.compile(r"\{%-?\s*(if|elif|else|endif)\b.*?%\}", re.S)


def _after_tag(text: str) -> str:
    """trim_blocks: the newline right after a block tag is not rendered."""
    return text[1:] if text.startswith("\n") else text


def _before_tag(text: str) -> str:
    """lstrip_blocks: nor is the indent before a tag that starts its line."""
    head, _, last = text.rpartition("\n")
    return text if last.strip(" \t") else (head + "\n" if head or text.startswith("\n") else "")


def _branches(body: str) -> list[str]:
    """A script with `{% if %}…{% else %}…{% endif %}` renders one branch:
    every combination of branches, each as plain template text."""
    tags = list(_CONDITION.finditer(body))
    depth, start, cuts = 0, None, []
    for tag in tags:
        kind = tag.group(1)
        if kind == "if":
            depth += 1
            if depth == 1:
                start, cuts = tag, [tag]
        elif depth == 1 and kind in ("elif", "else"):
            cuts.append(tag)
        elif kind == "endif":
            depth -= 1
            if depth == 0 and start is not None:
                cuts.append(tag)
                options = [_after_tag(_before_tag(body[a.end():b.start()])) for a, b in zip(cuts, cuts[1:])]
                if not any(c.group(1) == "else" for c in cuts):
                    options.append("")
                head, tail = _before_tag(body[:start.start()]), _after_tag(body[tag.end():])
                return [head + option + rest for option in options
                        for rest in _branches(tail)] if len(options) < 8 else [body]
    return [body]


_KNOWN: list[re.Pattern[str]] | None = None


@dataclass
class Findings:
    problems: list[str] = field(default_factory=list)
    files: int = 0

    def add(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")


class _PageScanner(HTMLParser):
    def __init__(self, name: str, findings: Findings) -> None:
        super().__init__(convert_charrefs=True)
        self.name = name
        self.findings = findings
        self.script: dict[str, str | None] | None = None
        self.script_text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        for key, value in attrs:
            if key.startswith("on"):
                self.findings.add(self.name, f"<{tag}> has an event handler {key}={value!r}")
            if key in URL_ATTRIBUTES and value and BAD_SCHEME.match(_compact(value)):
                self.findings.add(self.name, f"<{tag} {key}={value!r}>: script-capable URL")
            if key == "style" and value and re.search(r"expression\(|url\(\s*['\"]?\s*javascript:", value, re.I):
                self.findings.add(self.name, f"<{tag} style={value!r}>")
        if tag in DANGEROUS_TAGS:
            self.findings.add(self.name, f"<{tag}> element in output")
        if tag == "meta" and (attributes.get("http-equiv") or "").lower() == "refresh":
            self.findings.add(self.name, "<meta http-equiv=refresh>")
        if tag == "script":
            self.script = attributes
            self.script_text = []

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag == "script":
            self.handle_endtag("script")

    def handle_data(self, data: str) -> None:
        if self.script is not None:
            self.script_text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag != "script" or self.script is None:
            return
        attributes, text = self.script, "".join(self.script_text)
        self.script = None
        kind = (attributes.get("type") or "").lower()
        if kind in JSON_TYPES:
            if "</" in text or "<!--" in text:
                self.findings.add(self.name, f"inline JSON contains '</' or '<!--': {text[:120]!r}")
            try:
                json.loads(text)
            except ValueError as exc:
                self.findings.add(self.name, f"inline JSON does not parse ({exc}): {text[:120]!r}")
            return
        src = attributes.get("src")
        if src is not None:
            if not re.search(r"(^|/)(static|pagefind)/[\w./-]+\.js(\?[\w=.&-]*)?$", src) \
                    and "livereload" not in src:
                self.findings.add(self.name, f"<script src={src!r}> is not one of the site's scripts")
            return
        if text.strip() and not any(k.fullmatch(text.strip()) for k in known_scripts()):
            self.findings.add(self.name, f"inline <script> not from a template: {text.strip()[:160]!r}")


def scan_html(name: str, text: str, findings: Findings) -> None:
    scanner = _PageScanner(name, findings)
    scanner.feed(text)
    scanner.close()
    if scanner.script is not None:
        findings.add(name, "a <script> is never closed")


def scan_xml(name: str, data: bytes, findings: Findings) -> None:
    try:
        root = ET.fromstring(data)
    except ET.ParseError as exc:
        findings.add(name, f"XML is not well-formed: {exc}")
        return
    for element in root.iter():
        for key, value in element.attrib.items():
            if key.split("}")[-1] in ("href", "src", "url") and BAD_SCHEME.match(_compact(value)):
                findings.add(name, f"script-capable URL {value!r}")
        tag = element.tag.split("}")[-1]
        if tag in ("loc", "uri", "url", "id") and element.text and BAD_SCHEME.match(_compact(element.text)):
            findings.add(name, f"script-capable URL {element.text!r}")
        if tag == "content" and element.get("type") == "html" and element.text:
            scan_html(f"{name} <content>", element.text, findings)


def _walk_json(name: str, value: object, findings: Findings) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if key in ("url", "external_url", "image", "banner_image", "href") and isinstance(item, str) \
                    and BAD_SCHEME.match(_compact(item)):
                findings.add(name, f"script-capable URL in '{key}': {item!r}")
            if key == "content_html" and isinstance(item, str):
                scan_html(f"{name} content_html", item, findings)
            _walk_json(name, item, findings)
    elif isinstance(value, list):
        for item in value:
            _walk_json(name, item, findings)


def scan_json(name: str, text: str, findings: Findings) -> None:
    try:
        value = json.loads(text)
    except ValueError as exc:
        findings.add(name, f"JSON does not parse: {exc}")
        return
    _walk_json(name, value, findings)


def scan_site(site: Path, forbidden: tuple[str, ...] = ()) -> Findings:
    """Every file under `site`; returns what it found (empty = clean)."""
    findings = Findings()
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        name = path.relative_to(site).as_posix()
        findings.files += 1
        data = path.read_bytes()
        if name.endswith(".pf_fragment"):
            data = gzip.decompress(data)
            if data.startswith(b"pagefind_dcd"):
                scan_json(name, data[len(b"pagefind_dcd"):].decode("utf-8"), Findings())
            continue
        if name.startswith("pagefind/") and not name.endswith((".json", ".html")):
            continue    # Pagefind's own code and binary index
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            findings.add(name, "not UTF-8")
            continue
        for marker in forbidden:
            if marker in text:
                findings.add(name, f"contains {marker!r}: a template expression from content ran")
        if name.endswith((".html", ".htm")):
            scan_html(name, text, findings)
        elif name.endswith((".xml", ".rss", ".atom", ".svg")):
            scan_xml(name, data, findings)
        elif name.endswith((".json", ".jsonld", ".webmanifest")):
            scan_json(name, text, findings)
    return findings
