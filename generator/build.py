"""config → corpus → plan → render what changed → write → prune.

Incremental by construction: every output's digest covers exactly what it is
rendered from; only outputs whose digest changed (or whose file is gone) are
rendered again, and outputs no longer planned are removed. The result is
byte-identical to a clean build."""
from __future__ import annotations

import hashlib
import logging
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from . import corpus, i18n, plan, render, search, sources
from .config import SiteConfig
from .errors import BuildError
from .markup import Markup
from .routes import Urls
from .state import State, code_version
from .write import atomic_write, remove_stale_temps

log = logging.getLogger(__name__)
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


@dataclass(frozen=True, slots=True)
class BuildReport:
    articles: int
    tags: int
    entities: int
    pages: int
    written: int
    current: int
    removed: int
    seconds: float
    written_paths: tuple[str, ...] = ()


def template_search_path(config: SiteConfig) -> list[Path]:
    """Overrides first, then the project's templates/, then the default theme."""
    candidates = []
    if config.overrides_dir:
        candidates.append(config.root / config.overrides_dir)
    candidates.append(config.root / (config.templates_dir or Path("templates")))
    candidates.append(PACKAGE_TEMPLATES)
    unique: list[Path] = []
    for folder in candidates:
        if folder.is_dir() and folder.resolve() not in [u.resolve() for u in unique]:
            unique.append(folder)
    if not unique:
        raise BuildError("no templates found", candidates[-1])
    return unique


def build(config: SiteConfig, *, clean: bool = False) -> BuildReport:
    started = time.perf_counter()
    out_dir = config.root / config.output_dir
    cache_dir = config.root / config.cache_dir
    state = State(None if clean else cache_dir / "build.sqlite")
    try:
        articles = corpus.discover(config, cache=state)
        site = corpus.build_site(articles, config.tags.min_articles)
        search_path = template_search_path(config)
        env = render.environment(search_path, None if clean else cache_dir / "jinja")
        digests = render.template_digests(env)
        jobs = plan.plan(site, config, sources.load(config))
        config_digest = hashlib.sha256((config.digest() + code_version()).encode()).hexdigest()
        outputs = {job.output: job.digest(digests.get(job.template, ""), config_digest) for job in _unique(jobs)}
        outputs.update(_static_digests(search_path))
        remove_stale_temps(out_dir)
        dirty = [job for job in jobs if _is_dirty(job.output, outputs[job.output], state, out_dir)]
        written = _render_and_write(dirty, env, config, out_dir)
        written.update(_copy_static(search_path, out_dir, outputs, state))
        removed = _prune(state.outputs() - set(outputs), out_dir)
        state.save({path: outputs[path] for path in written}, removed,
                   {str(a.source_path) for a in articles})
    finally:
        state.close()
    _update_search_index(config, out_dir, outputs)
    return BuildReport(
        articles=len(site.articles), tags=len(site.terms_of(corpus.TAGS)),
        entities=sum(len(site.terms_of(k)) for k in corpus.ENTITY_KINDS),
        pages=len(outputs), written=len(written), current=len(outputs) - len(written),
        removed=len(removed), seconds=time.perf_counter() - started,
        written_paths=tuple(sorted(written)))


def _update_search_index(config: SiteConfig, out_dir: Path, outputs: dict[str, str]) -> None:
    if not config.search.enabled:
        search.remove(out_dir)
        return
    pages = search.pages_digest(outputs)
    if search.needs_index(out_dir, pages):
        search.index(out_dir, pages)


def _unique(jobs: list[plan.Job]) -> list[plan.Job]:
    seen: dict[str, plan.Job] = {}
    for job in jobs:
        if job.output in seen:
            raise BuildError(f"two pages would be written to {job.output} "
                             f"({seen[job.output].template} and {job.template})")
        seen[job.output] = job
    return jobs


def _is_dirty(output: str, digest: str, state: State, out_dir: Path) -> bool:
    return state.output_digest(output) != digest or not (out_dir / output).is_file()


class PageRenderer:
    """Everything rendering one page needs; one per process."""

    def __init__(self, env: Any, config: SiteConfig) -> None:
        self.env = env
        self.urls = Urls(config.base_url)
        self.markup = Markup({lang: i18n.labels(lang) for lang in i18n.STRINGS},
                             allow_raw_html=config.markdown.allow_raw_html)

    def render(self, job: plan.Job) -> bytes:
        context: dict[str, Any] = dict(job.context)
        if job.markdown is not None:
            context["body_html"] = render.jinja2.utils.markupsafe.Markup(
                self.markup.convert(job.markdown, job.lang))
        globals_ = {"url": self.urls.link, "abs_url": self.urls.absolute,
                    "t": i18n.labels(job.lang), "base_path": self.urls.base_path}
        return render.render(self.env, job.template, context, globals_).encode("utf-8")


def _render_and_write(jobs: list[plan.Job], env: Any, config: SiteConfig, out_dir: Path) -> dict[str, None]:
    renderer = PageRenderer(env, config)
    written: dict[str, None] = {}
    for job in jobs:
        target = _safe_target(out_dir, job.output)
        atomic_write(target, renderer.render(job))
        written[job.output] = None
    return written


def _safe_target(out_dir: Path, output: str) -> Path:
    target = (out_dir / output).resolve()
    if not target.is_relative_to(out_dir.resolve()) or "\0" in output:
        raise BuildError(f"refusing to write outside the output folder: {output!r}")
    return target


def _static_files(search_path: list[Path]) -> dict[str, Path]:
    """static/ files of every template folder; earlier folders win."""
    files: dict[str, Path] = {}
    for folder in reversed(search_path):
        static = folder / "static"
        if static.is_dir():
            for path in sorted(static.rglob("*")):
                if path.is_file() and not path.name.startswith("."):
                    files[f"static/{path.relative_to(static).as_posix()}"] = path
    return files


def _static_digests(search_path: list[Path]) -> dict[str, str]:
    return {out: hashlib.sha256(path.read_bytes()).hexdigest()
            for out, path in _static_files(search_path).items()}


def _copy_static(search_path: list[Path], out_dir: Path, digests: dict[str, str],
                 state: State) -> dict[str, None]:
    written: dict[str, None] = {}
    for output, source in _static_files(search_path).items():
        if _is_dirty(output, digests[output], state, out_dir):
            atomic_write(_safe_target(out_dir, output), source.read_bytes())
            written[output] = None
    return written


def _prune(stale: set[str], out_dir: Path) -> set[str]:
    """Remove outputs that are no longer produced, and their emptied folders."""
    for output in sorted(stale):
        target = _safe_target(out_dir, output)
        target.unlink(missing_ok=True)
        parent = target.parent
        while parent != out_dir.resolve() and parent.is_dir() and not any(parent.iterdir()):
            parent.rmdir()
            parent = parent.parent
    return stale
