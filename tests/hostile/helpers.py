"""Helpers shared by the hostile-input tests."""
from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.conftest import run_cli


def run_ingest(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`newsdigest ingest …`; skips the test (with the reason) while another
    engineer's module that ingest imports is missing from the working tree."""
    result = run_cli("ingest", *args, cwd=cwd)
    if result.returncode == 70 and "ModuleNotFoundError" in result.stderr:
        missing = [line for line in result.stderr.splitlines() if "ModuleNotFoundError" in line]
        pytest.skip(f"ingest cannot run in this working tree: {missing[-1].strip()}")
    return result
