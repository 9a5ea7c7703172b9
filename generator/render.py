"""Jinja2 rendering: the environment (autoescape on, undefined is an error),
template dependency digests, and one page = one template + named values."""
from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2
import jinja2.meta
import jinja2.runtime
import markupsafe
import orjson

from .errors import TemplateError
from .job import Card

TEMPLATE_SUFFIXES = (".html", ".xml", ".txt", ".json", ".css", ".js")


def _json_filter(value: Any) -> Any:
    """Compact JSON, keys sorted, for inline <script> blocks and the JSON
    Feeds: '</' and '<!--' can never close or open anything there. orjson
    takes a tenth of the json module's time: 5,000 per-term feeds and
    10,000 articles' JSON-LD at 10,000 articles."""
    text = orjson.dumps(value, option=orjson.OPT_SORT_KEYS | orjson.OPT_NON_STR_KEYS).decode("utf-8")
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    return jinja2.utils.markupsafe.Markup(text)


def _escape_output(value: Any) -> str:
    """What a template writes for `{{ value }}`: markupsafe.escape's text,
    without wrapping each of the millions of values in a Markup object that
    is joined into the page at once. Jinja's compiled code calls `escape`
    only there (jinja2.compiler, output children); every other escaping
    (filters, `~`, macros, the compiler's constants) keeps markupsafe's."""
    if type(value) is str:
        return _ESCAPE_TEXT(value)
    html = getattr(value, "__html__", None)
    if html is not None:
        return html()
    return _ESCAPE_TEXT(str(value))


# markupsafe >= 3 exposes the escaper under its Markup wrapper; without it,
# its public escape gives the same text (as a Markup, a str)
_ESCAPE_TEXT: Callable[[str], str] = getattr(markupsafe, "_escape_inner", markupsafe.escape)


class _Template(jinja2.Template):
    @classmethod
    def _from_namespace(cls, environment: jinja2.Environment, namespace: dict[str, Any],
                        globals: Any) -> Any:  # noqa: A002 - Jinja's parameter name
        namespace["escape"] = _escape_output
        return super()._from_namespace(environment, namespace, globals)


# The page helpers (url, abs_url, story_html): cached functions and partials
# that never take Jinja's context. Jinja's Context.call inspects every
# callable for that, on each of the ~800,000 calls a 10k-article site makes.
_PLAIN_CALLABLES = (functools.partial, type(functools.lru_cache()(len)))


class _Context(jinja2.runtime.Context):
    def call(__self, __obj: Any, *args: Any, **kwargs: Any) -> Any:  # noqa: N805 - Jinja's signature
        if type(__obj) in _PLAIN_CALLABLES and not hasattr(__obj, "jinja_pass_arg"):
            if kwargs:
                kwargs.pop("_loop_vars", None)
                kwargs.pop("_block_vars", None)
            return __obj(*args, **kwargs)
        return super().call(__obj, *args, **kwargs)


# keys of a page value that must stay dict methods in a template (`x.items()`)
_DICT_METHODS = frozenset(dir(dict))
_PAGE_DICTS = frozenset((dict, Card))


class _Environment(jinja2.Environment):
    """Page values are plain dicts, read as `story.title`. Jinja tries the
    attribute first and falls back to the key after an AttributeError, for
    every such lookup (millions per site); a dict's own keys first is the
    same answer without the exception."""

    template_class = _Template
    context_class = _Context

    def getattr(self, obj: Any, attribute: str) -> Any:
        if type(obj) in _PAGE_DICTS and attribute not in _DICT_METHODS:
            try:
                return obj[attribute]
            except KeyError:
                pass
        return super().getattr(obj, attribute)


def environment(search_path: list[Path], cache_dir: Path | None = None) -> jinja2.Environment:
    """Templates in earlier folders override same-named ones in later folders."""
    loader = jinja2.FileSystemLoader([str(p) for p in search_path])
    bytecode = None
    if cache_dir is not None:
        cache_dir.mkdir(parents=True, exist_ok=True)
        bytecode = jinja2.FileSystemBytecodeCache(str(cache_dir))
    # cache_size=-1: a plain dict of loaded templates. The default LRU takes a
    # lock and reorders a queue on every extends and include (~13 % of
    # rendering a term page); a build makes its own environment and loads
    # a few dozen templates, so nothing needs evicting.
    env = _Environment(loader=loader, autoescape=True, undefined=jinja2.StrictUndefined,
                             trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
                             bytecode_cache=bytecode, auto_reload=False, cache_size=-1)
    env.filters["tojson"] = _json_filter
    return env


@dataclass(frozen=True, slots=True)
class Templates:
    """What a build needs to know of its templates before rendering."""
    # per template: a digest of its source and of everything it extends,
    # includes or imports, so a change to a shared partial reaches every
    # page using it, and no other
    digests: dict[str, str]
    # per template, over the same closure: the page values it may read, as
    # `name`, `name.attribute`, or `name.*` (used whole); see may_read()
    reads: dict[str, frozenset[str]]


def templates(env: jinja2.Environment) -> Templates:
    names = [n for n in env.list_templates() if n.endswith(TEMPLATE_SUFFIXES)]
    sources: dict[str, str] = {}
    refs: dict[str, set[str | None]] = {}
    used: dict[str, set[str]] = {}
    for name in names:
        source = _source(env, name)
        sources[name] = source
        try:
            tree = env.parse(source)
        except jinja2.TemplateSyntaxError as exc:
            raise _template_error(env, exc, name) from None
        refs[name] = set(jinja2.meta.find_referenced_templates(tree))
        used[name] = _values_read(tree)
    digests, reads = {}, {}
    for name in names:
        closure, todo = set(), [name]
        while todo:
            current = todo.pop()
            if current in closure:
                continue
            closure.add(current)
            for ref in refs.get(current, ()):
                # a dynamic include (a variable name) may pull in anything
                todo.extend(names if ref is None else [ref])
        joined = "\0".join(f"{n}\0{sources.get(n, '')}" for n in sorted(closure))
        digests[name] = hashlib.sha256(joined.encode()).hexdigest()
        reads[name] = frozenset().union(*(used.get(n, ()) for n in closure))
    return Templates(digests, reads)


def may_read(read: frozenset[str] | None, name: str, attribute: str | None = None) -> bool:
    """Whether a template that reads `read` (Templates.reads; None: not
    known, so anything) may show page value `name` (or its `attribute`).
    Planning leaves out what no template shows: related stories, JSON-LD,
    entity charts, for a theme without them. The digests stay exact: a
    template that starts to read a value has a new digest and gets it."""
    if read is None:
        return True
    if name not in read:
        return False
    return attribute is None or f"{name}.*" in read or f"{name}.{attribute}" in read


def _values_read(tree: jinja2.nodes.Template) -> set[str]:
    """The page values a template may read: its undeclared names, and for
    every name, each attribute read of it (`x.a`, `x['a']`), or `x.*` when
    it is used otherwise (passed on, looped over, assigned, a dict method). Names a
    template sets itself also count: a superset is always safe."""
    found = set(jinja2.meta.find_undeclared_variables(tree))

    def visit(node: jinja2.nodes.Node, parent: jinja2.nodes.Node | None) -> None:
        if isinstance(node, jinja2.nodes.Name) and node.ctx == "load":
            if isinstance(parent, jinja2.nodes.Getattr) and parent.node is node \
                    and parent.attr not in _DICT_METHODS:      # x.get('a'), x.items(): all of x
                found.add(f"{node.name}.{parent.attr}")
            elif (isinstance(parent, jinja2.nodes.Getitem) and parent.node is node
                  and isinstance(parent.arg, jinja2.nodes.Const) and isinstance(parent.arg.value, str)):
                found.add(f"{node.name}.{parent.arg.value}")
            else:
                found.add(f"{node.name}.*")
        for child in node.iter_child_nodes():
            visit(child, node)

    visit(tree, None)
    return found


def _source(env: jinja2.Environment, name: str) -> str:
    assert env.loader is not None
    return env.loader.get_source(env, name)[0]


def render(env: jinja2.Environment, template: str, context: Mapping[str, Any],
           globals_: Mapping[str, Callable[..., Any] | Any] | None = None) -> str:
    try:
        return env.get_template(template).render({**(globals_ or {}), **context})
    except jinja2.TemplateSyntaxError as exc:
        raise _template_error(env, exc, template) from None
    except jinja2.TemplateNotFound as exc:
        raise TemplateError(f"template not found: {exc.name}", _path(env, template)) from None
    except Exception as exc:  # a runtime error inside a template: say where
        name, line = _template_frame(exc)
        raise TemplateError(f"{type(exc).__name__}: {exc}", _path(env, name or template), line) from None


def _template_error(env: jinja2.Environment, exc: jinja2.TemplateSyntaxError, name: str) -> TemplateError:
    return TemplateError(f"template syntax error: {exc.message}",
                         exc.filename or _path(env, exc.name or name), exc.lineno)


def _path(env: jinja2.Environment, name: str) -> Path:
    try:
        assert env.loader is not None
        filename = env.loader.get_source(env, name)[1]
        return Path(filename) if filename else Path(name)
    except jinja2.TemplateNotFound:
        return Path(name)


def _template_frame(exc: BaseException) -> tuple[str | None, int | None]:
    tb = exc.__traceback__
    found: tuple[str | None, int | None] = (None, None)
    while tb is not None:
        filename = tb.tb_frame.f_code.co_filename
        if filename.endswith(TEMPLATE_SUFFIXES):
            found = (filename, tb.tb_lineno)
        tb = tb.tb_next
    return found
