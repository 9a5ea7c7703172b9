"""config → corpus → plan → render what changed → write → prune.

Incremental by construction: every output's digest covers exactly what it is
rendered from; only outputs whose digest changed (or whose file is gone) are
rendered again, and outputs no longer planned are removed. The result is
byte-identical to a clean build."""
from __future__ import annotations

import dataclasses
import functools
import hashlib
import logging
import os
import pickle
import posixpath
import shutil
import time
from collections.abc import Callable, Collection
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import frontmatter, i18n, incremental, parallel, render, search
from .articlepage import front_digest, with_body
from .config import SiteConfig
from .errors import BuildError, GeneratorError
from .job import Job, job_digest
from .markup import Markup
from .routes import Urls
from .state import State, code_version
from .write import atomic_write, remove_stale_temps, remove_staging, staged

if TYPE_CHECKING:
    from . import corpus, plan

log = logging.getLogger(__name__)
PACKAGE_TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
MAX_BODY_EDITS = 50         # more edited files at once: the full path (parallel) is as quick


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


def build(config: SiteConfig, *, clean: bool = False, workers: int | None = None,
          search_index: bool = True, changed: Collection[Path] | None = None,
          site_lock: Callable[[], AbstractContextManager[object]] = nullcontext,
          on_written: Callable[[tuple[str, ...]], None] | None = None) -> BuildReport:
    """`workers`: processes that render (default: one per core, serial when
    threads are running). `search_index` False leaves the Pagefind step to
    the caller (`update_search_index`; serve runs it after the reload).
    `changed`: the caller's promise that no input but these files changed
    since the last build of this project and that site/ is as that build
    left it (serve: it watches every input and owns site/). Then only these
    files are stat-ed, and only the outputs written; anything but modified
    existing articles falls back to the full scan (incremental.rescan).
    `site_lock` is held while site/ is written; `on_written(paths)` is
    called under it once site/ is complete, before the build's records are
    saved (serve tells the browser then), unless nothing was to be done."""
    started = time.perf_counter()
    out_dir = config.root / config.output_dir
    cache_dir = config.root / config.cache_dir
    _require_folder(out_dir, "output", "output_dir")
    _require_folder(cache_dir, "cache", "cache_dir")
    search_path = template_search_path(config)
    config_digest = hashlib.sha256((config.digest() + code_version()).encode()).hexdigest()
    state = State(cache_dir / "build.sqlite")
    if clean:       # every article read and every page rendered again; the records stay for what to remove
        state.forget_parsed_file()
        shutil.rmtree(cache_dir / "jinja", ignore_errors=True)
    # after --clean, or a run killed while writing site/ (its marker is
    # there: the pages may not be what the records say), this build plans
    # every page and compares its bytes (`_full`, trusting no digest)
    distrust = clean or (cache_dir / WRITING).exists()
    outputs_there: incremental.OutputsCheck | None = None
    try:
        # whether the last build's outputs are all still there: asked by the
        # no-change and body-edit paths, worked out while the inputs are scanned
        outputs_there = incremental.OutputsCheck(state, out_dir, start=not distrust and changed is None)
        inputs = None if distrust or changed is None else incremental.rescan(
            config, search_path, config_digest, state, changed)
        if inputs is None:
            inputs = incremental.scan(config, search_path, config_digest, state)
        if not distrust and (current := incremental.unchanged(state, inputs, outputs_there)) is not None:
            total = state.output_count()
            report = BuildReport(**current, pages=total, written=0, current=total, removed=0, seconds=0.0)
            outputs = _indexed_outputs(config, state, search_index)
        elif distrust or (report := _body_edits(config, state, inputs, search_path, config_digest, outputs_there,
                                                site_lock, on_written)) is None:
            with site_lock():
                outputs, report = _full(config, state, inputs, search_path, config_digest, workers, distrust)
                if on_written is not None:
                    on_written(report.written_paths)
        else:
            outputs = _indexed_outputs(config, state, search_index)
    finally:
        if outputs_there is not None:
            outputs_there.close()
        state.close()
    if search_index:
        _update_search_index(config, out_dir, outputs, search_path)
    return dataclasses.replace(report, seconds=time.perf_counter() - started)


def _indexed_outputs(config: SiteConfig, state: State, search_index: bool) -> dict[str, str]:
    """What _update_search_index needs after a build that did not plan the
    site: the recorded outputs, read only when there is an index to keep
    (30,000 rows are 15 ms of a 200 ms build)."""
    return state.output_digests() if search_index and config.search.enabled else {}


def _full(config: SiteConfig, state: State, inputs: incremental.Inputs, search_path: list[Path],
          config_digest: str, workers: int | None, distrust: bool = False) -> tuple[dict[str, str], BuildReport]:
    """Plan every page; render those whose digest changed (all of them when
    the records are not to be trusted) and write each whose bytes differ.
    The article pages are planned by the workers that render them
    (plan.Jobs), which also send back what the body-edit path stores."""
    # imported here: reading and planning the site is 15 ms of imports that
    # a build with nothing changed, or only bodies, never needs (200 ms in all)
    from . import corpus, plan, sources
    out_dir = config.root / config.output_dir
    cache_dir = config.root / config.cache_dir
    processes = parallel.workers_wanted(workers)
    # through parallel.run: a collection between planning and run() would
    # scan the whole site once more (0.1 s at 10k)
    with parallel.collector_paused():
        bodies = corpus.Bodies(cache_dir)        # only article pages need them
        articles = corpus.discover(config, cache=state, workers=processes, bodies=bodies)
        sources_read = {str(a.source_path) for a in articles}
        # the parse cache is written by a child process while this one plans
        parse_cache_saved = parallel.in_background(partial(state.save_parsed, sources_read, bodies.raw),
                                                   allowed=processes > 1)
        state.forget_parsed()
        site = corpus.build_site(articles, config.tags.min_articles)
        del articles
        env = render.environment(search_path, cache_dir / "jinja")
        templates = render.templates(env)
        digests = templates.digests
        jobs = plan.plan(site, config, sources.load(config), bodies.body, templates.reads)
        for output in jobs.outputs:
            _check_output(output)
        marker = _start_writing(out_dir, cache_dir, fresh=incremental.counts(state) is None)
        previous = {} if distrust else state.output_digests()
        stored = state.article_fronts()
        fresh = _is_empty(out_dir)
        static = _static_digests(search_path)
        if not fresh:       # a fresh build writes in a staging folder, removed if it dies
            state.record_pending([*jobs.outputs, *static])
        gone = set(stored) - {str(a.source_path) for a in site.articles}
        with staged(out_dir) if fresh else nullcontext(out_dir) as target, state.article_jobs_saver(gone) as sink:
            work = parallel.Work(jobs, digests, config_digest, previous, target, partial(PageRenderer, env, config),
                                 jobs.outputs, partial(_remember_article_job, site, jobs, stored, previous),
                                 fresh=fresh)
            outputs, written_pages = parallel.run(work, processes, sink)
    jobs.release()
    bodies.close()
    del work, jobs
    outputs.update(static)
    written = dict.fromkeys(written_pages)
    written.update(_copy_static(search_path, out_dir, static, state))
    removed = _prune(state.outputs() - set(outputs), out_dir)
    counts = {"articles": len(site.articles), "tags": len(site.terms_of(corpus.TAGS)),
              "entities": sum(len(site.terms_of(k)) for k in corpus.ENTITY_KINDS)}
    del site
    if not parse_cache_saved():
        log.warning("could not write the parse cache in %s; the next build reads every article again", cache_dir)
    state.save(outputs, removed, sources_read)
    incremental.remember(state, inputs, counts, digests)
    _done_writing(marker)
    report = BuildReport(**counts, pages=len(outputs), written=len(written),
                         current=len(outputs) - len(written), removed=len(removed), seconds=0.0,
                         written_paths=tuple(sorted(written)))
    return outputs, report


def _remember_article_job(site: corpus.Site, jobs: plan.Jobs, stored: dict[str, str], previous: dict[str, str],
                          index: int, job: Job, digest: str) -> tuple[str, str, bytes] | None:
    """An article's job (without its Markdown) and front matter digest, for
    the body-edit path; run where the job was made (a worker). None for
    other pages, and for a job stored already (same front matter and same
    digest: the digest covers the whole context)."""
    position = jobs.article_index(index)
    if position is None:
        return None
    article = site.articles[position]
    source = str(article.source_path)
    front = front_digest(article)
    if stored.get(source) == front and previous.get(job.output) == digest:
        return None
    return source, front, pickle.dumps(dataclasses.replace(job, markdown=None), pickle.HIGHEST_PROTOCOL)


def _body_edits(config: SiteConfig, state: State, inputs: incremental.Inputs, search_path: list[Path],
                config_digest: str, outputs_there: Callable[[], bool],
                site_lock: Callable[[], AbstractContextManager[object]] = nullcontext,
                on_written: Callable[[tuple[str, ...]], None] | None = None) -> BuildReport | None:
    """Only article bodies changed (front matter parses to the same values,
    nothing else touched): re-render those articles' pages from their
    stored jobs, without planning the site. None: take the full path.
    A page is written when its bytes differ from the file's (not looked
    up by digest: loading every output's digest is the slow part at 10k
    pages, and comes after `on_written`)."""
    out_dir = config.root / config.output_dir
    changed = inputs.modified
    counts = incremental.counts(state)
    template_digests = incremental.template_digests(state)
    if not changed or counts is None or template_digests is None or len(changed) > MAX_BODY_EDITS:
        return None
    jobs = []
    for source in changed:
        stored = state.article_job(source)
        if stored is None:
            return None
        path = Path(source)
        try:
            article = frontmatter.parse(path.read_text(encoding="utf-8"), path, config.language, config.zone)
        except (GeneratorError, OSError, UnicodeDecodeError):
            return None                             # the full path reports it
        if front_digest(article) != stored[0]:
            return None
        jobs.append(with_body(pickle.loads(stored[1]), article))
    env = render.environment(search_path, config.root / config.cache_dir / "jinja")
    renderer = PageRenderer(env, config)
    pages = {job.output: renderer.render(job) for job in jobs}
    # asked only now: a forked check has run while the pages were made
    if not inputs.known and not outputs_there():
        return None                                 # the full path repairs it
    written: list[str] = []
    with site_lock():
        marker = _start_writing(out_dir, config.root / config.cache_dir, fresh=False)
        for output, data in sorted(pages.items()):
            target = out_dir / output
            if _read_or_none(target) != data:
                atomic_write(target, data)
                written.append(output)
        if on_written is not None:
            on_written(tuple(written))
    state.save({job.output: job_digest(job, template_digests.get(job.template, ""), config_digest)
                for job in jobs}, set())
    incremental.remember(state, inputs)
    _done_writing(marker)
    total = state.output_count()
    log.debug("body edit path: %d article(s) re-rendered", len(written))
    return BuildReport(**counts, pages=total, written=len(written), current=total - len(written),
                       removed=0, seconds=0.0, written_paths=tuple(written))


WRITING = "writing-site"       # in the cache folder while a build writes site/


def _start_writing(out_dir: Path, cache_dir: Path, fresh: bool) -> Path:
    """Before writing site/. Temp files and a staging folder are left only
    by a run killed while writing, so the walk that removes temp files (it
    lists every folder: 0.3 s at 10,000 articles) runs only when the marker
    says one was, or when there is no record to say (a first build).
    Returns the marker, which stays until `_done_writing` (a failed run
    leaves it, and the next build then trusts no record: `build`)."""
    marker = cache_dir / WRITING
    remove_staging(out_dir)         # a killed fresh build's: one stat when there is none
    if fresh or marker.exists():
        remove_stale_temps(out_dir)
    marker.parent.mkdir(parents=True, exist_ok=True)
    marker.touch()
    return marker


def _done_writing(marker: Path) -> None:
    marker.unlink(missing_ok=True)


def _require_folder(path: Path, what: str, key: str) -> None:
    """A file (or a dangling link) where the build keeps a folder."""
    if (path.is_symlink() or path.exists()) and not path.is_dir():
        raise BuildError(f"the {what} folder is not a folder", path,
                         hint=f"move it away, or name another folder as {key} in site.yaml")


def _is_empty(folder: Path) -> bool:
    """No file or folder in it (or it does not exist): a first build, or
    one after `rm -rf site`, which then writes every page as a new file."""
    try:
        with os.scandir(folder) as entries:
            return next(entries, None) is None
    except FileNotFoundError:
        return True


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def update_search_index(config: SiteConfig, swap: Callable[[], AbstractContextManager[object]] = nullcontext,
                        ) -> None:
    """Bring site/pagefind/ up to date with the pages of the last build (a
    no-op when it is). For `build(search_index=False)` callers; `swap` is
    held while the new index replaces the old."""
    state = State(config.root / config.cache_dir / "build.sqlite")
    try:
        outputs = dict(state.output_digests())
    finally:
        state.close()
    _update_search_index(config, config.root / config.output_dir, outputs, template_search_path(config), swap,
                         background=True)


def _update_search_index(config: SiteConfig, out_dir: Path, outputs: dict[str, str], search_path: list[Path],
                         swap: Callable[[], AbstractContextManager[object]] = nullcontext,
                         background: bool = False) -> None:
    if not config.search.enabled:
        with swap():
            search.remove(out_dir)
        return
    glob = search.glob_for(search_path)
    pages = search.index_stamp(outputs, glob)
    stamp = config.root / config.cache_dir / search.STAMP
    if search.needs_index(out_dir, stamp, pages):
        count = search.shard_count(search.marked_count(outputs))
        if count == 1:
            search.index(out_dir, stamp, pages, glob, swap, background)
        else:
            search.index_shards(out_dir, stamp, pages, outputs, glob, count, swap, background)


def _is_dirty(output: str, digest: str, state: State, out_dir: Path) -> bool:
    return state.output_digest(output) != digest or not (out_dir / output).is_file()


def _check_output(output: str) -> None:
    """Lexically, without a resolve() per page (a stat per path component)."""
    norm = posixpath.normpath(output)
    if "\0" in output or norm.startswith(("/", "../")) or norm in ("..", ".") or output != norm:
        raise BuildError(f"refusing to write outside the output folder: {output!r}")


STORY = "partials/story.html"
STORY_PARTS = (STORY, "partials/terms.html")


class PageRenderer:
    """Everything rendering one page needs; one per process.

    A story card looks the same in every listing that shows it (the index,
    each of its terms, its editions: about ten pages per story), so with
    the default story partials each card is rendered once per process and
    language (`story_html`; story_list.html falls back to the include when
    it is absent). An overridden story partial may use any page value, so
    it is rendered in place, as before."""

    def __init__(self, env: Any, config: SiteConfig) -> None:
        self.env = env
        self.urls = Urls(config.base_url)
        self.markup = Markup({lang: i18n.labels(lang) for lang in i18n.STRINGS},
                             allow_raw_html=config.markdown.allow_raw_html)
        self.link = functools.lru_cache(maxsize=1 << 16)(self.urls.link)
        self.absolute = functools.lru_cache(maxsize=1 << 12)(self.urls.absolute)
        self.cache_stories = all(_is_default_template(env, name) for name in STORY_PARTS)
        self._stories: dict[tuple[int, str], tuple[Any, Any]] = {}

    def _globals(self, lang: str) -> dict[str, Any]:
        return {"url": self.link, "abs_url": self.absolute, "t": i18n.labels(lang),
                "base_path": self.urls.base_path}

    def render(self, job: Job) -> bytes:
        context: dict[str, Any] = dict(job.context)
        if job.markdown is not None:
            context["body_html"] = render.jinja2.utils.markupsafe.Markup(
                self.markup.convert(job.markdown, job.lang))
        globals_ = self._globals(job.lang)
        if self.cache_stories:
            globals_["story_html"] = functools.partial(self._story, job.lang, globals_)
        return render.render(self.env, job.template, context, globals_).encode("utf-8")

    def _story(self, lang: str, globals_: dict[str, Any], story: dict[str, Any]) -> Any:
        """The story partial for one card: the same card object (plan
        shares one per story) renders the same in every listing."""
        key = (id(story), lang)
        found = self._stories.get(key)
        if found is None or found[0] is not story:
            html = self.env.get_template(STORY).render({**globals_, "story": story})
            found = self._stories[key] = (story, render.jinja2.utils.markupsafe.Markup(html))
        return found[1]


def _is_default_template(env: Any, name: str) -> bool:
    try:
        filename = env.loader.get_source(env, name)[1]
    except Exception:  # noqa: BLE001 - not found: the include reports it
        return False
    return bool(filename) and Path(filename).resolve().is_relative_to(PACKAGE_TEMPLATES)


def _safe_target(out_dir: Path, output: str) -> Path:
    if "\0" in output:     # before resolve(), which raises ValueError on it
        raise BuildError(f"refusing to write outside the output folder: {output!r}")
    target = (out_dir / output).resolve()
    if not target.is_relative_to(out_dir.resolve()):
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
