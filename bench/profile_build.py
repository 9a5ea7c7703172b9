#!/usr/bin/env python3
"""Profile one build in-process (serial, so rendering shows up in the profile).

    PYTHONPATH=. .venv/bin/python bench/profile_build.py PROJECT [--clean] [--workers N] [--top 25] [--out FILE]

Prints wall and CPU seconds and the top functions by cumulative time."""
from __future__ import annotations

import argparse
import cProfile
import pstats
import resource
import time
from pathlib import Path

from generator import build, config


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("project", type=Path)
    parser.add_argument("--clean", action="store_true")
    parser.add_argument("--workers", type=int, default=1)
    parser.add_argument("--top", type=int, default=30)
    parser.add_argument("--out", type=Path, default=None)
    parser.add_argument("--sort", default="cumulative")
    args = parser.parse_args()
    cfg = config.load(args.project / "site.yaml", root=args.project)
    profiler = cProfile.Profile()
    wall, cpu = time.perf_counter(), time.process_time()
    profiler.enable()
    report = build.build(cfg, clean=args.clean, workers=args.workers)
    profiler.disable()
    print(f"wall {time.perf_counter() - wall:.2f} s, CPU {time.process_time() - cpu:.2f} s, "
          f"peak RSS {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB, "
          f"pages {report.pages}, written {report.written}")
    if args.out:
        profiler.dump_stats(str(args.out))
    pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
