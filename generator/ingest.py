"""seeds/*.txt → content/articles/*.md. The only writer of content/.

content/ is the source of truth once written: an unchanged seed writes
nothing; a changed seed regenerates only the fields nobody edited; a bad seed
changes nothing. Every write is atomic."""
from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from enum import Enum
from pathlib import Path
from typing import Any

from . import draft, frontmatter, seedtext
from .config import SiteConfig
from .errors import ConfigError, ContentError, GeneratorError, SeedError
from .extract import extract
from .report import Progress
from .text import slugify
from .write import atomic_write, remove_stale_temps

log = logging.getLogger(__name__)
ARTICLES = "articles"
_ID_LINE = re.compile(r"^id:\s*(\S+)\s*$", re.M)
_SAFE_ID = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,119}")


class Outcome(Enum):
    NEW = "new"
    UPDATED = "updated"
    MERGED = "merged"          # regenerated, a person's edited fields kept
    FORCED = "forced"
    UNCHANGED = "unchanged"
    FAILED = "failed"
    DUPLICATE = "duplicate"


@dataclass
class IngestReport:
    outcomes: dict[str, Outcome] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    orphans: list[Path] = field(default_factory=list)

    def count(self, outcome: Outcome) -> int:
        return sum(1 for o in self.outcomes.values() if o is outcome)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass(frozen=True, slots=True)
class _Existing:
    path: Path
    meta: dict[str, Any]
    body: str
    broken: bool = False        # does not parse: never touched, its seed is skipped


def ingest(config: SiteConfig, *, force: bool = False, dry_run: bool = False,
           strict: bool = False, only: list[Path] | None = None) -> IngestReport:
    report = IngestReport()
    seeds_dir = config.root / config.seeds_dir
    articles_dir = config.root / config.content_dir / ARTICLES
    seeds = sorted(only) if only is not None else sorted(seeds_dir.glob("*.txt"))
    if not dry_run:
        remove_stale_temps(articles_dir)    # left by a killed run; never valid content
    existing, slugs = _existing_articles(articles_dir, report)
    registries = load_registries(config)
    archive_tags = _archive_tags(existing, registries[1])
    backend = _ner_backend(config) if seeds else None
    seen: dict[str, Path] = {}
    progress = Progress("ingest", len(seeds))
    for seed in seeds:
        try:
            outcome = _ingest_one(seed, config, existing, slugs, seen, (*registries, archive_tags, backend),
                                  force, dry_run, report, articles_dir)
        except GeneratorError as exc:
            report.errors.append(str(exc if exc.path else GeneratorError(exc.message, seed, exc.line, exc.hint)))
            log.error(report.errors[-1])
            outcome = Outcome.FAILED
        report.outcomes[seed.name] = outcome
        progress.advance()
    if only is None:
        _report_orphans(existing, seeds_dir, seeds, report)
    if strict and report.warnings:
        report.errors.append(f"{len(report.warnings)} warning(s) and --strict is set")
    return report


def _existing_articles(articles_dir: Path, report: IngestReport) -> tuple[dict[str, _Existing], dict[str, str]]:
    """Articles already in content/, by seed id, and every slug in use → id.
    A file that does not parse is left alone, and its name stays taken."""
    by_id: dict[str, _Existing] = {}
    slugs: dict[str, str] = {}
    for path in sorted(articles_dir.glob("*.md")) if articles_dir.is_dir() else []:
        try:
            doc = frontmatter.split(path.read_text(encoding="utf-8"), path)
        except (GeneratorError, OSError, UnicodeDecodeError) as exc:
            message = f"{exc}" if isinstance(exc, GeneratorError) else f"{path}: cannot read: {exc}"
            report.warnings.append(f"{message} (left as it is)")
            log.warning(report.warnings[-1])
            slugs[path.stem] = f"<unreadable {path.name}>"
            # which seed it belongs to, so that seed does not make a second copy
            if match := _ID_LINE.search(path.read_text(encoding="utf-8", errors="replace")):
                by_id[match[1].strip("'\"")] = _Existing(path, {}, "", broken=True)
            continue
        article_id = str(doc.meta.get("id") or path.stem)
        slug = str(doc.meta.get("slug") or path.stem)
        slugs[slug] = article_id
        if isinstance(doc.meta.get("source"), dict):
            by_id[article_id] = _Existing(path, doc.meta, doc.body)
    return by_id, slugs


def load_registries(config: SiteConfig) -> tuple[Any, Any]:
    from .ner.registry import RegistryError, load_registry
    from .tagregistry import TagRegistryError, load_tag_registry
    content = config.root / config.content_dir
    try:
        return load_registry(content / "entities.yaml"), load_tag_registry(content / "tags.yaml")
    except (RegistryError, TagRegistryError) as exc:
        raise ContentError(str(exc)) from None


def _ner_backend(config: SiteConfig) -> Any:
    """None for the built-in extractor; a loaded spaCy pipeline for `ner.backend: spacy`."""
    if config.ner.backend != "spacy":
        return None
    if not config.ner.model:
        raise ConfigError("'ner.model' is required with 'ner.backend: spacy'",
                          hint="name an installed spaCy model, e.g. de_core_news_sm")
    from .ner.spacy_backend import load
    return load(config.ner.model)


def _archive_tags(existing: dict[str, _Existing], tag_registry: Any) -> dict[str, str]:
    from .tagging import display_forms
    tags = {article_id: [str(t) for t in old.meta.get("tags") or [] if isinstance(t, (str, int))]
            for article_id, old in existing.items() if isinstance(old.meta.get("tags"), list)}
    return display_forms(tags, tag_registry)


def _ingest_one(seed: Path, config: SiteConfig, existing: dict[str, _Existing],
                slugs: dict[str, str], seen: dict[str, Path], registries: tuple[Any, Any, Any, Any],
                force: bool, dry_run: bool, report: IngestReport, articles_dir: Path) -> Outcome:
    seed_id = seed.stem
    if not _SAFE_ID.fullmatch(seed_id):
        raise SeedError("file name cannot be an article id", seed,
                        hint="use letters, digits, '.', '_' and '-' only, at most 120")
    try:
        size = seed.stat().st_size
        if size > config.ingest.max_seed_bytes:
            raise SeedError(f"too large ({size:,} bytes; limit {config.ingest.max_seed_bytes:,})", seed,
                            hint="raise ingest.max_seed_bytes in site.yaml")
        data = seed.read_bytes()
    except OSError as exc:
        raise SeedError(f"cannot read: {exc.strerror or exc}", seed) from None
    sha = hashlib.sha256(data).hexdigest()
    if sha in seen:
        report.warnings.append(f"{seed}: same text as {seen[sha].name}; skipped")
        log.warning(report.warnings[-1])
        return Outcome.DUPLICATE
    seen[sha] = seed
    old = existing.get(seed_id)
    if old and old.broken:
        raise SeedError(f"its article {old.path} does not parse; fix that file first, then ingest again", seed)
    if old and not force and _is_current(old.meta, sha):
        return Outcome.UNCHANGED
    decoded = seedtext.decode(data)
    for warning in decoded.warnings:
        report.warnings.append(f"{seed}: {warning}")
        log.warning(report.warnings[-1])
    parsed = seedtext.parse(decoded.text, config.zone)
    entity_registry, tag_registry, archive_tags, backend = registries
    result = extract(parsed, config.language, entity_registry, tag_registry,
                     max_tags=config.tags.max_per_article, archive_tags=archive_tags, ner_backend=backend)
    _remember_tags(archive_tags, result.tags, tag_registry)
    date, from_file = _article_date(parsed.meta.date, old, seed, config)
    seed_file = seed.relative_to(config.root).as_posix() if seed.is_relative_to(config.root) else seed.name
    meta = draft.front_matter(seed_id, seed_file, sha, parsed, result, date, from_file)
    body = draft.body_markdown(parsed.blocks)
    if old is None:
        slug = _unique_slug(slugify(result.title) or slugify(seed_id), seed_id, slugs, seed, report)
        path = articles_dir / f"{slug}.md"
        outcome = Outcome.NEW
        meta = {"id": meta.pop("id"), "slug": slug, **meta}
        meta["generated"] = {"version": draft.INGEST_VERSION,
                             "fields": draft.field_digests(meta, body)}
    else:
        path = old.path
        meta, body, kept = _merge(old, meta, body, force)
        outcome = Outcome.FORCED if force else (Outcome.MERGED if kept else Outcome.UPDATED)
        if kept:
            report.warnings.append(f"{path}: edited by hand; kept your {', '.join(kept)} "
                                   f"(run 'newsdigest ingest --force' to regenerate, old file saved as .md.bak)")
            log.warning(report.warnings[-1])
        if force and not dry_run:
            # atomic: a kill during the copy must not leave a truncated backup
            atomic_write(path.with_suffix(".md.bak"), path.read_bytes(), durable=True)
    text = frontmatter.serialise(meta, body)
    if dry_run:
        log.info(f"would write {path} ({outcome.value})")
        return outcome
    atomic_write(path, text.encode("utf-8"), durable=True)
    log.debug(f"{outcome.value}: {seed.name} → {path}")
    return outcome


def _remember_tags(archive_tags: dict[str, str], tags: tuple[str, ...], tag_registry: Any) -> None:
    """Later seeds of the same run use the forms earlier ones introduced."""
    from .tagging import concept_key
    for tag in tags:
        archive_tags.setdefault(concept_key(tag, tag_registry), tag)


def _is_current(meta: dict[str, Any], sha: str) -> bool:
    source, generated = meta.get("source"), meta.get("generated")
    return (isinstance(source, dict) and source.get("sha256") == sha
            and isinstance(generated, dict) and generated.get("version") == draft.INGEST_VERSION)


def _article_date(dateline: datetime | None, old: _Existing | None, seed: Path,
                  config: SiteConfig) -> tuple[datetime, bool]:
    if dateline:
        return dateline, False
    if old and old.meta.get("date"):
        previous = old.meta["date"]
        if isinstance(previous, datetime):
            return previous, old.meta.get("date_source") == "file"
        try:
            return datetime.fromisoformat(str(previous)), old.meta.get("date_source") == "file"
        except ValueError:
            pass
    mtime = datetime.fromtimestamp(int(seed.stat().st_mtime), tz=config.zone)
    return mtime, True


def _unique_slug(slug: str, seed_id: str, slugs: dict[str, str], seed: Path,
                 report: IngestReport) -> str:
    owner = slugs.get(slug)
    if owner is not None and owner != seed_id:
        clash = slug
        suffix = slugify(seed_id)
        slug = f"{slug[:max(1, 100 - len(suffix))].rstrip('-')}-{suffix}"
        report.warnings.append(f"{seed}: slug '{clash}' is taken by '{owner}'; using '{slug}'")
        log.warning(report.warnings[-1])
    slugs[slug] = seed_id
    return slug


def _merge(old: _Existing, new_meta: dict[str, Any], new_body: str,
           force: bool) -> tuple[dict[str, Any], str, list[str]]:
    """Field by field: what a person edited since the last ingest stays;
    what ingest generated and nobody touched is regenerated."""
    generated = old.meta.get("generated") if isinstance(old.meta.get("generated"), dict) else {}
    recorded = generated.get("fields") if isinstance(generated.get("fields"), dict) else {}
    current = draft.field_digests(old.meta, old.body)
    kept = [] if force else [name for name in draft.GENERATED_FIELDS
                             if current.get(name) != recorded.get(name)]
    merged: dict[str, Any] = {}
    for key in ("id", "slug"):
        if key in old.meta:
            merged[key] = old.meta[key]
    for key, value in new_meta.items():
        merged[key] = old.meta[key] if key in kept and key in old.meta else value
    for key in kept:
        if key not in old.meta:
            merged.pop(key, None)       # a person deleted it: keep it deleted
        elif key not in merged:
            merged[key] = old.meta[key]     # a field ingest no longer writes, edited by hand
    if "date" in kept:
        merged.pop("date_source", None)
        if "date_source" in old.meta:
            merged["date_source"] = old.meta["date_source"]
    for key, value in old.meta.items():
        if key not in merged and key not in draft.GENERATED_FIELDS and key not in draft.BOOKKEEPING:
            merged[key] = value         # a person's own keys (draft, extra, …)
    body = old.body if "body" in kept else new_body
    merged["generated"] = {"version": draft.INGEST_VERSION,
                           "fields": draft.field_digests({**new_meta}, new_body)}
    return merged, body, kept


def _report_orphans(existing: dict[str, _Existing], seeds_dir: Path, seeds: list[Path],
                    report: IngestReport) -> None:
    ids = {seed.stem for seed in seeds}
    for article_id, old in sorted(existing.items()):
        if article_id not in ids:
            report.orphans.append(old.path)
            log.info(f"{old.path}: its seed {article_id} is gone from {seeds_dir.name}/; article kept")

