"""Helpers shared by the hostile-input tests."""
from __future__ import annotations

import subprocess
from pathlib import Path


from tests.conftest import run_cli


def run_ingest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`newsdigest ingest …` in `cwd`."""
    return run_cli("ingest", *args, cwd=cwd)
