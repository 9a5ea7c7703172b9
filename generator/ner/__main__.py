"""python -m generator.ner --jsonl [--lang de]: extract entities from JSON lines."""
from __future__ import annotations

import argparse
import sys

from .jsonl import run_jsonl


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m generator.ner", description=__doc__)
    ap.add_argument("--jsonl", action="store_true", help="read {id,text} lines on stdin, write {id,entities}")
    ap.add_argument("--lang", default="de")
    args = ap.parse_args(argv)
    if not args.jsonl:
        ap.error("only --jsonl mode exists")
    return run_jsonl(sys.stdin, sys.stdout, args.lang)


if __name__ == "__main__":
    sys.exit(main())
