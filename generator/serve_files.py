"""URL path → a file below site/, or a reason not to serve one. Pure except
for looking at the file system; the HTTP handler in serve.py does the I/O.

Every check is on decoded path segments, so `..`, `%2e%2e`, an encoded
slash (`%2f`), a backslash or a NUL can never reach the file system, and the
resolved path must still lie below site/ (a symlink cannot lead out)."""
from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from enum import Enum
from pathlib import Path
from urllib.parse import quote, unquote

# The few types a news site ships; mimetypes' guesses vary by platform.
_TYPES = {
    ".html": "text/html", ".htm": "text/html", ".css": "text/css",
    ".js": "text/javascript", ".mjs": "text/javascript", ".json": "application/json",
    ".xml": "application/xml", ".atom": "application/atom+xml", ".rss": "application/rss+xml",
    ".txt": "text/plain", ".svg": "image/svg+xml", ".png": "image/png", ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg", ".gif": "image/gif", ".webp": "image/webp", ".avif": "image/avif",
    ".ico": "image/x-icon", ".woff": "font/woff", ".woff2": "font/woff2",
    ".webmanifest": "application/manifest+json", ".wasm": "application/wasm",
    ".pdf": "application/pdf",
}
_TEXTUAL = ("text/", "application/json", "application/xml", "application/atom+xml",
            "application/rss+xml", "image/svg+xml", "application/manifest+json")


def content_type(path: Path | str) -> str:
    """The Content-Type header for a file, with charset=utf-8 for text."""
    suffix = Path(path).suffix.lower()
    kind = _TYPES.get(suffix) or mimetypes.guess_type(f"x{suffix}")[0] or "application/octet-stream"
    return f"{kind}; charset=utf-8" if kind.startswith(_TEXTUAL) else kind


class Outcome(Enum):
    FILE = "file"
    REDIRECT = "redirect"
    NOT_FOUND = "not found"


@dataclass(frozen=True, slots=True)
class Resolution:
    outcome: Outcome
    file: Path | None = None        # FILE: the resolved file to send
    location: str = ""              # REDIRECT: where to
    output: str = ""                # FILE: its path below site/ ('articles/x/index.html')


NOT_FOUND = Resolution(Outcome.NOT_FOUND)


def split_target(target: str) -> tuple[str, str]:
    """'/a/b?x=1#f' → ('/a/b', 'x=1')."""
    path, _, query = target.partition("?")
    return path.partition("#")[0], query.partition("#")[0]


def site_segments(url_path: str, base_path: str) -> list[str] | None:
    """The decoded segments of a URL path below base_path, or None when the
    path is outside it or unsafe. A trailing '/' yields a final ''."""
    if not url_path.startswith(base_path):
        return None
    segments = []
    for raw in url_path[len(base_path):].split("/"):
        try:
            segment = unquote(raw, errors="strict")
        except UnicodeDecodeError:
            return None
        if segment in (".", "..") or segment.startswith(".") or any(c in segment for c in "/\\\0"):
            return None     # dot files too: temp files of atomic writes are never output
        segments.append(segment)
    return segments


def output_path(url_path: str, base_path: str) -> str | None:
    """The output file (below site/) a page URL is built from, or None."""
    segments = site_segments(url_path, base_path)
    if segments is None:
        return None
    if segments[-1] == "":
        segments[-1] = "index.html"
    return "/".join(s for s in segments if s)


def resolve(out_dir: Path, base_path: str, url_path: str) -> Resolution:
    """What to answer for a request path (already split from its query)."""
    if "\\" in url_path or "\0" in url_path:
        return NOT_FOUND
    if base_path != "/" and url_path in ("/", base_path.rstrip("/")):
        return Resolution(Outcome.REDIRECT, location=base_path)
    segments = site_segments(url_path, base_path)
    if segments is None:
        return NOT_FOUND
    root = out_dir.resolve()
    names = [s for s in segments if s]
    candidate = root.joinpath(*names)
    try:
        real = candidate.resolve(strict=True)
    except (OSError, RuntimeError):
        return NOT_FOUND
    if not real.is_relative_to(root):
        return NOT_FOUND
    if real.is_dir():
        if segments[-1] != "":      # like GitHub Pages: 'a/b' → 'a/b/'
            # rebuilt from the decoded names: never '//host' (an open redirect)
            return Resolution(Outcome.REDIRECT, location=base_path + "".join(quote(n) + "/" for n in names))
        real = real / "index.html"
        names.append("index.html")
        if not real.is_file() or not real.resolve().is_relative_to(root):
            return NOT_FOUND        # never a directory listing
    if not real.is_file():
        return NOT_FOUND
    return Resolution(Outcome.FILE, file=real, output="/".join(names))
