"""The hand-written evaluation set must reach precision@5 >= 0.6."""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _eval_module():
    spec = importlib.util.spec_from_file_location("eval_tags", ROOT / "scripts" / "eval_tags.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("eval_tags", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def test_eval_set_is_well_formed():
    ev = _eval_module()
    items = ev.load_eval()
    assert len(items) >= 10
    assert {doc.lang for _, doc, _ in items} == {"de", "en"}
    assert all(len(editor) == 5 for _, _, editor in items)


def test_precision_at_5():
    ev = _eval_module()
    rows = ev.evaluate()
    assert ev.mean_precision(rows) >= 0.6, "\n".join(f"{r.id}: {r.suggested}" for r in rows)
