"""Job: one output file, the template that renders it and exactly the values
it gets. Its digest covers all of them, so an output is rebuilt when, and
only when, something it shows changed."""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Job:
    output: str                      # path below site/, POSIX
    template: str
    context: dict[str, Any]
    markdown: str | None = None      # an article body, converted at render time
    lang: str = "en"
    digest_extra: str = field(default="")

    def digest(self, template_digest: str, config_digest: str) -> str:
        hasher = hashlib.sha256()
        for part in (template_digest, config_digest, self.template, self.lang, self.digest_extra,
                     self.markdown or ""):
            hasher.update(part.encode())
            hasher.update(b"\0")
        hasher.update(json.dumps(self.context, sort_keys=True, ensure_ascii=False, default=str).encode())
        return hasher.hexdigest()
