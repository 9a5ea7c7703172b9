"""Progress and logging output. Only cli and this module print."""
from __future__ import annotations

import logging
import sys
import time


class _Formatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if record.levelno >= logging.ERROR:
            return f"error: {message}"
        if record.levelno >= logging.WARNING:
            return f"warning: {message}"
        return message


class WarningCounter(logging.Handler):
    """Counts warnings so that --strict can fail the run."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.warnings = 0

    def emit(self, record: logging.LogRecord) -> None:
        if record.levelno == logging.WARNING:
            self.warnings += 1


def setup_logging(verbosity: int) -> WarningCounter:
    level = {-1: logging.WARNING, 0: logging.INFO}.get(verbosity, logging.DEBUG)
    root = logging.getLogger("generator")
    root.handlers.clear()
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(_Formatter())
    root.addHandler(handler)
    counter = WarningCounter()
    root.addHandler(counter)
    root.setLevel(level)
    root.propagate = False
    return counter


class Progress:
    """'ingest 120/1000' on stderr for long runs: redrawn in place on a
    terminal, a line every 10 % otherwise; silent for short runs."""

    def __init__(self, label: str, total: int, min_total: int = 50) -> None:
        self.label, self.total = label, total
        self.enabled = total >= min_total and logging.getLogger("generator").isEnabledFor(logging.INFO)
        self.tty = sys.stderr.isatty()
        self.done = 0
        self.step = max(1, total // 10)
        self.started = time.perf_counter()

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.enabled:
            return
        if self.tty:
            sys.stderr.write(f"\r{self.label} {self.done}/{self.total}")
            if self.done >= self.total:
                sys.stderr.write("\n")
            sys.stderr.flush()
        elif self.done % self.step == 0 or self.done == self.total:
            sys.stderr.write(f"{self.label} {self.done}/{self.total}\n")
