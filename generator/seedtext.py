"""Raw news text → ParsedSeed: decoding, normalising, and telling the kinds
of lines apart (lede, paragraphs, subheadings, captions, teasers, metadata).

Pure: bytes or str in, dataclasses out; raises SeedError for input that
cannot be an article."""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass
from datetime import datetime, tzinfo

from .errors import SeedError
from .model import Block, BlockKind, ParsedSeed, SeedMeta


@dataclass(frozen=True, slots=True)
class Decoded:
    text: str
    encoding: str
    warnings: tuple[str, ...] = ()


_C1_OR_C0 = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")


def decode(data: bytes) -> Decoded:
    """UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252 with a
    warning. Binary data and undecodable bytes are errors."""
    if not data.strip():
        raise SeedError("empty seed: no text in the file")
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return Decoded(data.decode("utf-16"), "utf-16")
        except UnicodeDecodeError as exc:
            raise SeedError(f"undecodable UTF-16 at byte {exc.start}") from None
    if b"\x00" in data:
        raise SeedError("binary file (contains NUL bytes), not a text seed")
    try:
        return Decoded(data.decode("utf-8-sig"), "utf-8")
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        raise SeedError(f"undecodable bytes at byte {utf8_error.start}: neither UTF-8 nor "
                        "Windows-1252", hint="save the file as UTF-8") from None
    if len(_C1_OR_C0.findall(text)) > max(3, len(text) // 200):
        raise SeedError("binary or undecodable data, not a text seed")
    return Decoded(text, "cp1252", ("not UTF-8; decoded as Windows-1252/Latin-1",))


_INVISIBLE = str.maketrans({"\u00ad": None, "\u200b": None, "\ufeff": None,
                            "\u00a0": " ", "\u202f": " ", "\u2007": " "})


def normalise(text: str) -> str:
    """Unify line ends; drop soft hyphens, zero-width spaces and control
    characters → space (never text; XML feeds cannot carry them); NBSP → space."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").translate(_INVISIBLE)
    text = _C1_OR_C0.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


# --- recognisers for single lines -------------------------------------------

CAPTION_MARKER = re.compile(r"^(?:Bild)?(?:Legende|Caption|Bildunterschrift)\s*:\s*", re.I)
# SRF writes "Passend zum Thema Titel…" with no colon; the shorter labels
# also begin ordinary sentences ("Related talks…"), so they need one
TEASER_MARKER = re.compile(r"^(?:(?:Passend|Mehr) zum Thema\s*[:–-]?|(?:Zum Thema|Related article|Related|"
                           r"Read more|Lesen Sie auch|See also)\s*[:–-])\s*", re.I)
_SOURCE_LINE = re.compile(r"^(?:(?:Quelle|Source)\s*:\s*(?P<named>\S.*)|(?P<url>https?://\S+))$", re.I)
_AUTHOR_LINE = re.compile(r"^(?:Von|By)\s+(?P<author>[A-ZÄÖÜ][^.!?]{1,80})$")
_TERMINAL = ("." , "!", "?", "…", ":", ";", ",", "»", "«", "\"", "“", "”", ")")
_ENDS_LINE = (".", "!", "?", "…", ":", "»", "«", "\"", "“", "”", ")")
HEADING_MAX_CHARS = 100


# --- datelines ----------------------------------------------------------------

_MONTHS = {
    "januar": 1, "jänner": 1, "jan": 1, "january": 1, "februar": 2, "feb": 2, "february": 2,
    "märz": 3, "maerz": 3, "mär": 3, "mar": 3, "march": 3, "april": 4, "apr": 4,
    "mai": 5, "may": 5, "juni": 6, "jun": 6, "june": 6, "juli": 7, "jul": 7, "july": 7,
    "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "oktober": 10, "okt": 10,
    "oct": 10, "october": 10, "november": 11, "nov": 11, "dezember": 12, "dez": 12,
    "dec": 12, "december": 12,
}
_MONTH = r"(?P<month_name>[A-Za-zä]{3,9})\.?"
_TIME = r"(?:,?\s*(?:um\s+|at\s+)?(?P<hour>\d{1,2})[:.](?P<minute>\d{2})(?:\s*(?:Uhr|h))?(?:\s*(?P<ampm>[ap]\.?m\.?))?)?"
_DATE_FORMS = [
    re.compile(r"(?P<day>\d{1,2})\.(?P<month>\d{1,2})\.(?P<year>\d{4})" + _TIME),
    re.compile(r"(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})(?:[T ](?P<hour>\d{2}):(?P<minute>\d{2}))?"),
    re.compile(r"(?P<day>\d{1,2})\.?\s+" + _MONTH + r"\s+(?P<year>\d{4})" + _TIME),
    re.compile(_MONTH + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>\d{4})" + _TIME),
]
_DATELINE_PREFIX = r"^(?:[A-Za-zÄÖÜäöü]+[,:]?\s+){0,3}?"


def parse_dateline(line: str, zone: tzinfo) -> datetime | None:
    """A whole line that is a date ('12.02.2026', '12. Februar 2026, 14:03',
    'Feb 12, 2026', 'Mittwoch, 11. Februar 2026'), as an aware datetime."""
    if len(line) > 60:
        return None
    for form in _DATE_FORMS:
        match = re.match(_DATELINE_PREFIX + form.pattern + r"\s*$", line, re.I)
        if match:
            return _to_datetime(match, zone)
    return None


def _to_datetime(match: re.Match[str], zone: tzinfo) -> datetime | None:
    parts = match.groupdict()
    month = int(parts["month"]) if parts.get("month") else _MONTHS.get((parts.get("month_name") or "").lower())
    if not month:
        return None
    hour = int(parts.get("hour") or 0)
    if (parts.get("ampm") or "").lower().startswith("p") and hour < 12:
        hour += 12
    try:
        return datetime(int(parts["year"]), month, int(parts["day"]), hour,
                        int(parts.get("minute") or 0), tzinfo=zone)
    except ValueError:
        return None


# --- the parser ----------------------------------------------------------------

def parse(text: str, zone: tzinfo) -> ParsedSeed:
    """Normalised seed text → metadata and typed blocks."""
    lines = _logical_lines(normalise(text))
    meta, body_start = _leading_meta(lines, zone)
    blocks = _classify(lines[body_start:])
    if not any(b.kind is BlockKind.PARAGRAPH for b in blocks):
        raise SeedError("no paragraph of running text found",
                        hint="a seed needs at least one paragraph ending with a full stop")
    return ParsedSeed(meta, tuple(blocks))


def _logical_lines(text: str) -> list[str]:
    """One entry per paragraph-like line; hard-wrapped lines inside a
    blank-line-separated chunk are joined back together."""
    out: list[str] = []
    for chunk in re.split(r"\n\s*\n", text):
        current = ""
        for line in (ln for ln in chunk.split("\n") if ln):
            wraps = (current and len(current) > 60 and not current.endswith(_ENDS_LINE)
                     and not CAPTION_MARKER.match(line) and not TEASER_MARKER.match(line))
            if wraps:
                current = f"{current} {line}"
            else:
                if current:
                    out.append(current)
                current = line
        if current:
            out.append(current)
    return out


def _leading_meta(lines: list[str], zone: tzinfo) -> tuple[SeedMeta, int]:
    title = url = author = None
    date = None
    index = 0
    while index < len(lines) and index < 6:
        line = lines[index]
        if date is None and (found := parse_dateline(line, zone)):
            date = found
        elif url is None and (source := _SOURCE_LINE.match(line)):
            url = source["url"] or source["named"]
        elif author is None and (by := _AUTHOR_LINE.match(line)) and len(line) < 80:
            author = by["author"].strip()
        elif title is None and index == 0 and _is_heading_like(line) and len(lines) > 1:
            title = line
        else:
            break
        index += 1
    return SeedMeta(title=title, date=date, source_url=url, author=author), index


def _is_heading_like(line: str) -> bool:
    return (len(line) <= HEADING_MAX_CHARS and not line.endswith(_TERMINAL)
            and not CAPTION_MARKER.match(line) and not TEASER_MARKER.match(line)
            and len(line.split()) >= 2)


def _classify(lines: list[str]) -> list[Block]:
    blocks: list[Block] = []
    for position, line in enumerate(lines):
        # a marker with nothing after it ("Related", "Legende:") is kept as text: no word is lost
        caption = CAPTION_MARKER.match(line)
        text, credit = split_credit(line[caption.end():]) if caption else ("", None)
        if text or credit:
            blocks.append(Block(BlockKind.CAPTION, text or credit or "", credit if text else None))
        elif (teaser := TEASER_MARKER.match(line)) and line[teaser.end():].strip():
            blocks.append(Block(BlockKind.TEASER, line[teaser.end():].strip()))
        elif _is_heading_like(line) and _followed_by_paragraph(lines, position) and blocks:
            blocks.append(Block(BlockKind.HEADING, line))
        else:
            blocks.append(Block(BlockKind.PARAGRAPH, line))
    return blocks


def _followed_by_paragraph(lines: list[str], position: int) -> bool:
    for line in lines[position + 1:]:
        if CAPTION_MARKER.match(line) or TEASER_MARKER.match(line):
            continue
        return not _is_heading_like(line)
    return False


# Photo credits stand after the caption's last sentence ("… Haus. IMAGO/Avi
# Ohayon – GPO") or, without a sentence, as an agency/photographer token.
_AGENCIES = r"(?:Keystone|Reuters|AFP|AP|dpa|EPA|IMAGO|Getty Images|SRF|SDA|ANP|Xinhua|Shutterstock)"
_TRAILING_CREDIT = re.compile(r"^(?P<caption>.*?)\s+(?P<credit>(?:" + _AGENCIES + r"|[\w.-]+/)[^.!?]*)$")


def split_credit(caption: str) -> tuple[str, str | None]:
    caption = caption.strip()
    last_end = max(caption.rfind(". "), caption.rfind("! "), caption.rfind("? "),
                   caption.rfind("» "), caption.rfind("« "))
    if last_end != -1:
        tail = caption[last_end + 2:].strip()
        if tail and not tail.endswith(_TERMINAL) and len(tail) <= 80 and len(tail.split()) <= 10:
            return caption[: last_end + 1].strip(), tail
        return caption, None
    if not caption.endswith(_TERMINAL) and (match := _TRAILING_CREDIT.match(caption)):
        if match["caption"]:
            return match["caption"].strip(), match["credit"].strip()
    return caption, None
