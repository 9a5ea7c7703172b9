#!/usr/bin/env python3
"""Score the German entity extractor on GermEval 2014 dev with the shared evaluator.

Usage: python scripts/eval_ner.py [--data DIR] [--model PATH | --shipped] [--evaluator PATH]

Prints strict mention-level P/R/F1 ("main") per type for the news sentences
and for all sentences.  The shipped model was trained on dev too, so by
default this first trains a train-only model in a temporary folder (about
three minutes) and scores that: the honest figure.  --shipped scores the
shipped model instead (optimistic on dev); --model scores any crfsuite file.
Exits 2 with a clear message when the shared data or evaluator is absent.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHARED = (Path("/work/shared"), ROOT.parent / "shared")


def _find(rel: str, override: Path | None) -> Path | None:
    if override:
        return override if override.exists() else None
    return next((base / rel for base in SHARED if (base / rel).exists()), None)


def run(evaluator: Path, dev: Path, news_only: bool, env: dict[str, str]) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "scores.json"
        cmd = [sys.executable, str(evaluator), "--conll", str(dev), "--quiet", "--json-out", str(out),
               "--command", f"{sys.executable} -m generator.ner --jsonl"]
        if news_only:
            cmd.append("--news-only")
        subprocess.run(cmd, check=True, cwd=ROOT, env=env)
        return json.loads(out.read_text())["conll"]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--data", type=Path, help="directory with NER-de-dev.tsv")
    ap.add_argument("--evaluator", type=Path, help="path to ner_eval.py")
    which = ap.add_mutually_exclusive_group()
    which.add_argument("--model", type=Path, help="crfsuite model to score")
    which.add_argument("--shipped", action="store_true", help="score the shipped model (it saw dev)")
    args = ap.parse_args(argv)

    evaluator = _find("tools/ner_eval.py", args.evaluator)
    data = _find("data/germeval2014", args.data)
    dev = data / "NER-de-dev.tsv" if data else None
    if evaluator is None or dev is None or not dev.is_file():
        where = ", ".join(str(p) for p in (args.evaluator, args.data) if p) or "/work/shared and ../shared"
        print(f"eval_ner: the shared evaluator or GermEval data is absent (looked in {where}); "
              "nothing to measure.", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        model, what = args.model, str(args.model)
        if args.shipped:
            what = "shipped (trained on train+dev: optimistic here)"
        elif model is None:
            model, what = Path(tmp) / "de-train.crfsuite", "trained now on NER-de-train-part.tsv only"
            print(f"eval_ner: training a train-only model in {tmp} ...", file=sys.stderr)
            subprocess.run([sys.executable, str(ROOT / "scripts" / "train_ner.py"), str(dev.parent),
                            "--train-only", "--out", str(model)], check=True, cwd=ROOT)
        return report(evaluator, dev, model, what)


def report(evaluator: Path, dev: Path, model: Path | None, what: str) -> int:
    env = dict(os.environ)
    if model is not None:
        env["NEWSDIGEST_NER_MODEL"] = str(model.resolve())
    print(f"GermEval 2014 dev, strict mention-level scores (model: {what})")
    print(f"{'subset':8} {'type':6} {'P':>6} {'R':>6} {'F1':>6} {'TP':>5} {'FP':>5} {'FN':>5}")
    for label, news in (("news", True), ("all", False)):
        scores = run(evaluator, dev, news, env)
        for typ in ("PER", "LOC", "ORG", "micro"):
            r = scores["main"][typ]
            print(f"{label:8} {typ:6} {r['p'] * 100:6.1f} {r['r'] * 100:6.1f} {r['f1'] * 100:6.1f} "
                  f"{r['tp']:5} {r['fp']:5} {r['fn']:5}")
        print(f"{label:8} untyped F1 {scores['untyped']['f1'] * 100:.1f}; {scores['sentences']} sentences "
              f"in {scores['seconds']:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
