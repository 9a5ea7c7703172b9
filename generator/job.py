"""Job: one output file, the template that renders it and exactly the values
it gets. Its digest covers all of them, so an output is rebuilt when, and
only when, something it shows changed."""
from __future__ import annotations

import hashlib
import io
import pickle
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

    def __reduce__(self) -> tuple[Any, ...]:
        # by value: a slotted dataclass's default pickling asks dataclasses
        # for its fields each time (an article job took 23 µs, now 20; the
        # body-edit path stores one per article)
        return Job, (self.output, self.template, self.context, self.markdown, self.lang, self.digest_extra)


class Card(dict):  # type: ignore[type-arg]
    """What a listing shows of one story. One object per story is shared by
    every listing that shows it (the front page, each of its terms, its
    editions: ten or so), so its digest is worked out once, not pickled
    again in each listing's. Read-only once planned."""

    __slots__ = ("_digest",)

    def digest(self) -> bytes:
        try:
            return self._digest
        except AttributeError:
            self._digest: bytes = hashlib.sha256(_pickled(dict(self))).digest()
            return self._digest


class _ValuePickler(pickle.Pickler):
    """Pickles without a memo (`fast`), so the bytes depend only on values,
    never on which equal objects happen to be shared; a Card as its digest.
    About twice as quick as canonical JSON."""

    def __init__(self, buffer: io.BytesIO) -> None:
        super().__init__(buffer, protocol=5)
        self.fast = True

    def reducer_override(self, obj: Any) -> Any:
        if type(obj) is Card:
            return bytes, (obj.digest(),)
        return NotImplemented


def _pickled(value: Any) -> bytes:
    buffer = io.BytesIO()
    _ValuePickler(buffer).dump(value)
    return buffer.getvalue()


def value_digest(value: Any) -> str:
    """A digest of `value` (plain data, dataclasses, dates, Cards) that
    changes when, and only when, a value in it does."""
    return hashlib.sha256(_pickled(value)).hexdigest()


def job_digest(job: Job, template_digest: str, config_digest: str) -> str:
    """Everything the page is rendered from."""
    return value_digest((template_digest, config_digest, job.template, job.lang, job.digest_extra,
                         job.markdown, job.context))
