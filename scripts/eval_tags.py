"""Precision@5 of generator.tagging against hand-written editor tags.

    .venv/bin/python scripts/eval_tags.py [tests/tagging/data/tag_eval.yaml] [-v]

A suggestion counts as correct when its fold_key equals the fold_key of one
of the article's editor tags.
"""

from __future__ import annotations

import sys
import time
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from generator.tagging import TagInput, fold_key, suggest_tags  # noqa: E402

DEFAULT_SET = ROOT / "tests" / "tagging" / "data" / "tag_eval.yaml"
K = 5


@dataclass(frozen=True, slots=True)
class EvalRow:
    id: str
    lang: str
    suggested: tuple[str, ...]
    editor: tuple[str, ...]
    hits: tuple[str, ...]

    @property
    def precision(self) -> float:
        return len(self.hits) / K


def load_eval(path: Path = DEFAULT_SET) -> list[tuple[str, TagInput, tuple[str, ...]]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    out = []
    for a in data["articles"]:
        doc = TagInput(
            title=a["title"], lede=a["lede"], headings=tuple(a.get("headings") or ()),
            paragraphs=tuple(a.get("paragraphs") or ()), lang=a["lang"],
            entity_names=tuple(a.get("entities") or ()),
        )
        out.append((a["id"], doc, tuple(a["editor_tags"])))
    return out


def evaluate(path: Path = DEFAULT_SET) -> list[EvalRow]:
    rows = []
    for ident, doc, editor in load_eval(path):
        top = tuple(suggest_tags(doc)[:K])
        gold = {fold_key(t, doc.lang) for t in editor}
        hits = tuple(t for t in top if fold_key(t, doc.lang) in gold)
        rows.append(EvalRow(ident, doc.lang, top, editor, hits))
    return rows


def mean_precision(rows: list[EvalRow]) -> float:
    return sum(r.precision for r in rows) / len(rows) if rows else 0.0


def main(argv: list[str]) -> int:
    verbose = "-v" in argv
    args = [a for a in argv if a != "-v"]
    path = Path(args[0]) if args else DEFAULT_SET
    started = time.perf_counter()
    rows = evaluate(path)
    elapsed = time.perf_counter() - started
    for r in rows:
        print(f"{r.id:<18} p@5={r.precision:.1f}  {', '.join(r.suggested)}")
        if verbose:
            print(f"{'':<18} editor: {', '.join(r.editor)}")
    for lang in sorted({r.lang for r in rows}):
        sub = [r for r in rows if r.lang == lang]
        print(f"p@5 [{lang}] = {mean_precision(sub):.3f} over {len(sub)} articles")
    print(f"p@5 = {mean_precision(rows):.3f} over {len(rows)} articles ({elapsed * 1000:.0f} ms incl. warm-up)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
