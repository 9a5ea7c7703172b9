"""Error types. A GeneratorError is a user's problem and is shown as one line;
anything else escaping is a bug and gets a traceback."""
from __future__ import annotations

from pathlib import Path


class GeneratorError(Exception):
    """An expected, user-facing error: `path:line: message (hint: …)`."""

    def __init__(self, message: str, path: Path | str | None = None,
                 line: int | None = None, hint: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = Path(path) if path is not None else None
        self.line = line
        self.hint = hint

    def __str__(self) -> str:
        where = ""
        if self.path is not None:
            where = f"{self.path}:{self.line}: " if self.line else f"{self.path}: "
        hint = f" (hint: {self.hint})" if self.hint else ""
        return f"{where}{self.message}{hint}"


class ConfigError(GeneratorError):
    """site.yaml is missing a value, has an unknown key or a wrong type."""


class ContentError(GeneratorError):
    """An article or registry file in content/ cannot be read."""


class SeedError(GeneratorError):
    """A seed text cannot be turned into an article."""


class TemplateError(GeneratorError):
    """A Jinja2 template fails to load or render."""


class BuildError(GeneratorError):
    """The build cannot complete (clashing outputs, unsafe paths, …)."""
