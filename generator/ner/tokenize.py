"""Split raw text into tokens and sentences, keeping character offsets.

The tokenisation mirrors GermEval 2014: hyphenated compounds ("Iran-Konflikt")
stay one token, punctuation and quotes are split off.  Offsets let every
mention point back into the original text.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

# A run of non-space characters; punctuation is peeled off its edges below.
_CHUNK = re.compile(r"\S+")
_LEAD = "\"'«»„“”‚‘’‹›([{<¿¡*"
_TRAIL = "\"'«»„“”‚‘’‹›)]}>,;:!?…*"
# Trailing dots that belong to the token (abbreviations, initials, ordinals).
_ABBREV = frozenset(
    "dr prof hr fr st str nr ca bzw evtl inkl usw vgl z.b u.a d.h jr sr mr mrs ms"
    " co inc ltd corp bros gen lt col sgt rev vs etc jan feb aug sept sep okt oct"
    " nov dez dec mio mrd abs bd tel no".split()
)
_INITIALS = re.compile(r"^(?:[A-Za-zÄÖÜäöü]\.)+$")
_DASHES = "–—"


@dataclass(frozen=True, slots=True)
class Token:
    text: str
    start: int
    end: int


def _split_chunk(chunk: str, base: int) -> list[Token]:
    left, right = 0, len(chunk)
    head: list[Token] = []
    tail: list[Token] = []
    while left < right and chunk[left] in _LEAD:
        head.append(Token(chunk[left], base + left, base + left + 1))
        left += 1
    while right > left:
        ch = chunk[right - 1]
        if ch in _TRAIL:
            tail.append(Token(ch, base + right - 1, base + right))
            right -= 1
            continue
        if ch == ".":
            word = chunk[left:right]
            core = word[:-1].lower()
            if (
                right - left > 1
                and core not in _ABBREV
                and not _INITIALS.match(word)
                and not core.isdigit()
            ):
                tail.append(Token(".", base + right - 1, base + right))
                right -= 1
                continue
        break
    mid = [Token(chunk[left:right], base + left, base + right)] if right > left else []
    return head + mid + tail[::-1]


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    for m in _CHUNK.finditer(text):
        chunk = m.group()
        # Dashes glued to words ("Trump–Netanjahu") separate tokens.
        pos = 0
        for part in re.split(f"([{_DASHES}])", chunk):
            if part:
                tokens.extend(_split_chunk(part, m.start() + pos))
            pos += len(part)
    return tokens


_SENT_END = frozenset(".!?…")
_CLOSERS = frozenset("\"'»“”’)")


def sentences(tokens: list[Token], text: str) -> list[list[Token]]:
    """Group tokens into sentences: after . ! ? or a blank line."""
    out: list[list[Token]] = []
    cur: list[Token] = []
    for i, tok in enumerate(tokens):
        if cur and "\n\n" in text[cur[-1].end : tok.start].replace("\r", ""):
            out.append(cur)
            cur = []
        cur.append(tok)
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        ended = tok.text in _SENT_END or (tok.text in _CLOSERS and i > 0 and tokens[i - 1].text in _SENT_END)
        if ended and nxt is not None and nxt.text not in _CLOSERS:
            if nxt.text[:1].isupper() or nxt.text[:1] in "\"„«":
                out.append(cur)
                cur = []
    if cur:
        out.append(cur)
    return out
