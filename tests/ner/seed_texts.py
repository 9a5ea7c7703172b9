"""The shipped seed article split into the text fields the lead's extractor passes."""
from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_7513e8f9d54f4624.txt"
SEED_NAMES = frozenset({"Trump", "Donald Trump", "Netanjahu", "Benjamin Netanjahu", "Truth Social", "Axios", "Maskat"})


def seed_texts() -> list[str]:
    texts = []
    for para in SEED.read_text(encoding="utf-8").split("\n\n"):
        para = para.strip()
        para = para.removeprefix("Legende:").removeprefix("Passend zum Thema").strip()
        para = para.removesuffix("IMAGO/Avi Ohayon – GPO").strip()
        if para:
            texts.append(para)
    return texts
