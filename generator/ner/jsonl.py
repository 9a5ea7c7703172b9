"""JSON-lines front end: {"id", "text"} in, {"id", "entities"} out."""
from __future__ import annotations

import json
import sys
from typing import TextIO


def run_jsonl(stdin: TextIO, stdout: TextIO, lang: str = "de") -> int:
    from . import extract_mentions

    status = 0
    for lineno, line in enumerate(stdin, 1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
            text = obj["text"]
            if not isinstance(text, str):
                raise TypeError("text is not a string")
        except (ValueError, KeyError, TypeError) as exc:
            print(f"stdin:{lineno}: bad input line: {exc}", file=sys.stderr)
            status = 1
            continue
        ents = [
            {"start": m.start, "end": m.end, "label": m.label, "subtype": m.subtype, "name": m.name}
            for m in extract_mentions(text, obj.get("lang", lang))
        ]
        stdout.write(json.dumps({"id": obj.get("id"), "entities": ents}, ensure_ascii=False) + "\n")
    stdout.flush()
    return status
