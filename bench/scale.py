#!/usr/bin/env python3
"""Scale benchmark (not a test): an ingest-free build of N hand-written
articles, its wall time and peak memory, at several sizes to show growth.

    .venv/bin/python bench/scale.py                       # N = 100000
    .venv/bin/python bench/scale.py --sizes 10000,50000,100000 --search

The corpus comes from /work/shared/bench/make_corpus.py (deterministic; N
articles with tags and entities) into /tmp/bench/corpus-N/project; each size
is built cold (no site/, no .cache/) in a fresh copy, then once more with
nothing changed. Peak memory is the build process's max RSS. Goal: under
2 GB at 100,000 articles, and linear growth.
"""
from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MAKE_CORPUS = Path("/work/shared/bench/make_corpus.py")
BENCH = Path(os.environ.get("BENCH_ROOT", "/tmp/bench"))


def corpus(n: int, seed: int) -> Path:
    project = BENCH / f"corpus-{n}" / "project"
    if (project / "content" / "articles").is_dir():
        count = sum(1 for _ in (project / "content" / "articles").glob("*.md"))
        if count == n:
            return project
    if not MAKE_CORPUS.is_file():
        sys.exit(f"{MAKE_CORPUS} is absent: cannot make the corpus (the shared bench folder is "
                 "not mounted here); nothing was measured")
    subprocess.run([sys.executable, str(MAKE_CORPUS), str(n), "--seed", str(seed), "--force",
                    "--peers", "project"], check=True)
    return project


def timed_build(project: Path, extra: list[str]) -> dict[str, float]:
    """One `newsdigest build` in its own process: wall seconds, CPU seconds
    (its workers included: on a shared machine wall time says little) and
    max RSS (MB).
    RUSAGE_CHILDREN gives the largest child so far, so each run is measured
    in a fresh wrapper process."""
    code = (
        "import resource, subprocess, sys, time, json\n"
        "t = time.perf_counter()\n"
        f"r = subprocess.run([sys.executable, '-m', 'generator', 'build', '-q', *{extra!r}], cwd={str(project)!r})\n"
        "wall = time.perf_counter() - t\n"
        "use = resource.getrusage(resource.RUSAGE_CHILDREN)\n"
        "print(json.dumps({'rc': r.returncode, 'seconds': wall, 'peak_mb': use.ru_maxrss / 1024,\n"
        "                  'cpu_s': use.ru_utime + use.ru_stime}))\n")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    result: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    if result["rc"] != 0:
        sys.exit(f"build failed in {project}: {out.stderr[-2000:]}")
    return result


def measure(n: int, seed: int, search: bool) -> dict[str, object]:
    source = corpus(n, seed)
    work = BENCH / f"scale-{n}"
    shutil.rmtree(work, ignore_errors=True)
    shutil.copytree(source, work, ignore=shutil.ignore_patterns("site", ".cache"))
    config = work / "site.yaml"
    text = config.read_text(encoding="utf-8") if config.exists() else ""
    if not search:
        text += "\nsearch: {enabled: false}\n" if "search:" not in text else ""
    config.write_text(text, encoding="utf-8")
    cold = timed_build(work, [])
    outputs = sum(1 for p in (work / "site").rglob("*") if p.is_file())
    warm = timed_build(work, [])
    site_mb = sum(p.stat().st_size for p in (work / "site").rglob("*") if p.is_file()) / 2**20
    shutil.rmtree(work, ignore_errors=True)
    return {"articles": n, "outputs": outputs, "site_mb": round(site_mb, 1),
            "cold_s": round(cold["seconds"], 1), "cold_cpu_s": round(cold["cpu_s"], 1),
            "cold_peak_mb": round(cold["peak_mb"]),
            "nochange_s": round(warm["seconds"], 1), "nochange_peak_mb": round(warm["peak_mb"]),
            "search": search}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100000", help="comma-separated article counts")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--search", action="store_true", help="run Pagefind too (slow at 100k)")
    args = parser.parse_args()
    print(f"load before: {os.getloadavg()}", file=sys.stderr)
    rows = []
    for n in (int(s) for s in args.sizes.split(",")):
        started = time.perf_counter()
        rows.append(measure(n, args.seed, args.search))
        print(json.dumps(rows[-1]), f"(incl. setup {time.perf_counter() - started:.0f} s)", flush=True)
    print("\n| articles | outputs | site MB | cold build s | cold CPU s | cold peak MB | no-change s | no-change peak MB |")
    print("|---:|---:|---:|---:|---:|---:|---:|---:|")
    for r in rows:
        print(f"| {r['articles']:,} | {r['outputs']:,} | {r['site_mb']} | {r['cold_s']} | {r['cold_cpu_s']} "
              f"| {r['cold_peak_mb']} | {r['nochange_s']} | {r['nochange_peak_mb']} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
