"""An article page and its body. Only an article's own page shows its body
(the Markdown, the word count, the reading time); everything else of an
article that any page may show is covered by its front matter digest. That
split lets a build where only bodies changed re-render just those pages,
from the jobs the last full build stored (build's body-edit path), without
reading or planning the site: this module is all of the planning it needs."""
from __future__ import annotations

import dataclasses
import operator

from .job import Job, value_digest
from .model import Article


def with_body(job: Job, article: Article, markdown: str | None = None) -> Job:
    """`job` (an article page) with the body of `article` (or `markdown`),
    whose front matter must equal that of the article the job was planned
    from (same front_digest, same site otherwise). Nothing else on the site
    shows the body, its word count or reading time."""
    context = dict(job.context)
    context["article"] = {**context["article"], "reading_minutes": article.reading_minutes,
                          "words": article.words}
    if "jsonld" in context:                 # planned only for a template that shows it
        context["jsonld"] = {**context["jsonld"], "wordCount": article.words}
    return dataclasses.replace(job, context=context, markdown=article.body if markdown is None else markdown)


_FRONT_FIELDS = tuple(f.name for f in dataclasses.fields(Article) if f.name not in ("body", "words"))
_front_values = operator.attrgetter(*_FRONT_FIELDS)


def front_digest(article: Article) -> str:
    """Everything of an article that pages other than its own may show:
    every field but the body and what is counted from it. Equal digests
    mean an edit touched only the article's own page."""
    return value_digest(tuple(zip(_FRONT_FIELDS, _front_values(article))))
