#!/usr/bin/env python3
"""Cold builds on a settled file system: ours and Hugo's, side by side.

    .venv/bin/python bench/settled.py [--sizes 10000] [--runs 3]

The shared harness deletes each tool's output right before every cold
build. On ext4 without a journal (this benchmark VM) the kernel then avoids
every inode freed in the last minute or more when it allocates new ones
(fs/ext4/ialloc.c, find_inode_bit → recently_deleted), checking them one
by one on every allocation: the cost grows with the square of the files
just deleted. `perf` shows it as half of all CPU time of such a build, and
its system time swings from 2 to 30 s between identical runs, so the cold
figures of the harness measure the file system as much as the generator
(the more files a tool writes, the more: we write 30,579 files in 20,607
folders at 10k articles, Hugo 15,272 in 15,277).

Here the old output is moved aside instead (and deleted only at the end),
so each cold build allocates where nothing was just freed: the case of a
fresh checkout, or of any file system with a journal. Caches are deleted
(they are a few files). Both tools alternate, on the corpus bench/run.py
made (BENCH_ROOT, default /tmp/bench), with our code as in the working
tree. Prints wall, user and system seconds per run, medians and ratios.
"""
from __future__ import annotations

import argparse
import compileall
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PYTHON = REPO / ".venv" / "bin" / "python"
sys.path.insert(0, str(REPO / "bench"))
from run import LIKE_PEERS, NO_SEARCH  # noqa: E402 - beside this script


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", nargs="*", type=int, default=[10000])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--like-peers", action="store_true",
                        help="build what the harness has Hugo build (as bench/run.py --like-peers)")
    parser.add_argument("--bench-root", type=Path, default=Path(os.environ.get("BENCH_ROOT", "/tmp/bench")))
    args = parser.parse_args()
    if shutil.which("hugo") is None:
        print("hugo is not installed (apt-get install -y hugo); nothing to compare", file=sys.stderr)
        return 2
    compileall.compile_dir(str(REPO / "generator"), quiet=1)     # as installed (see bench/run.py)
    aside = args.bench_root / "settled-aside"
    aside.mkdir(parents=True, exist_ok=True)
    lines = ["| N | tool | wall s (median) | user s | system s | runs (wall s) |", "|---|---|---|---|---|---|"]
    ratios = []
    try:
        for n in args.sizes:
            corpus = args.bench_root / f"corpus-{n}"
            if not (corpus / "project").is_dir() or not (corpus / "hugo").is_dir():
                print(f"no corpus at {corpus}: run bench/run.py --sizes {n} first", file=sys.stderr)
                return 2
            config = corpus / "project" / "site.yaml"
            config.write_text(LIKE_PEERS.format(layouts=REPO / "bench" / "peer_layouts") if args.like_peers
                              else NO_SEARCH, encoding="utf-8")
            tools = {
                "newsdigest": (corpus / "project", [str(PYTHON), "-m", "generator", "build", "-q"],
                               "site", [".cache"], {"PYTHONPATH": str(REPO)}),
                "hugo": (corpus / "hugo", ["hugo", "--quiet", "--cacheDir", str(corpus / "hugo" / ".hugo_cache")],
                         "public", ["resources", ".hugo_cache", ".hugo_build.lock"], {}),
            }
            results: dict[str, list[tuple[float, float, float]]] = {name: [] for name in tools}
            for run in range(args.runs + 1):                 # the first round warms the page cache
                for name, (folder, command, output, caches, env) in tools.items():
                    if (folder / output).exists():
                        (folder / output).rename(aside / f"{name}-{n}-{run}-{time.monotonic_ns()}")
                    for cache in caches:
                        path = folder / cache
                        shutil.rmtree(path) if path.is_dir() else path.unlink(missing_ok=True)
                    timing = _timed(command, folder, {**os.environ, **env})
                    if run:
                        results[name].append(timing)
            config.unlink(missing_ok=True)
            for name, runs in results.items():
                walls = [r[0] for r in runs]
                lines.append(f"| {n} | {name} | {statistics.median(walls):.2f} | "
                             f"{statistics.median(r[1] for r in runs):.2f} | "
                             f"{statistics.median(r[2] for r in runs):.2f} | "
                             f"{', '.join(f'{w:.2f}' for w in walls)} |")
            ours = statistics.median(r[0] for r in results["newsdigest"])
            theirs = statistics.median(r[0] for r in results["hugo"])
            ratios.append(f"N={n}: cold wall newsdigest / Hugo = {ours / theirs:.2f}")
    finally:
        shutil.rmtree(aside, ignore_errors=True)
    print("\n".join(lines + [""] + ratios))
    return 0


def _timed(command: list[str], cwd: Path, env: dict[str, str]) -> tuple[float, float, float]:
    """Wall, user and system seconds of one run (children's rusage)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, after.ru_utime - before.ru_utime, after.ru_stime - before.ru_stime


if __name__ == "__main__":
    sys.exit(main())
