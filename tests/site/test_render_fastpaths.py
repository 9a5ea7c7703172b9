"""render.py's shortcuts through Jinja must not change what a template
means. Output escaping (`{{ value }}` without a Markup object per value):
text, quotes, numbers, Markup left alone, an undefined value still an
error, the other escaping places (filters, ~, set blocks, macros)
unchanged. Calls (plain helpers skip Context.call's inspection): loops and
blocks, and a helper that asks for the context still gets it."""
from __future__ import annotations

import functools
from pathlib import Path

import jinja2
import jinja2.runtime
import markupsafe
import pytest

from generator import render

ROOT = Path(__file__).resolve().parents[2]
VALUES = ["<b>&\"'</b>", "plain «Text»", 3.5, 0, None, markupsafe.Markup("<i>ok</i>"), ["<a>"], {"k": "<v>"}]


@pytest.fixture(scope="module")
def env() -> jinja2.Environment:
    return render.environment([ROOT / "templates"])


@pytest.mark.parametrize("value", VALUES)
def test_output_is_escaped_as_markupsafe_does(env: jinja2.Environment, value: object) -> None:
    assert env.from_string("{{ v }}").render(v=value) == str(markupsafe.escape(value))


def test_other_escaping_places_are_unchanged(env: jinja2.Environment) -> None:
    source = ("{% macro m(x) %}<{{ x }}>{% endmacro %}{% set s %}{{ v }}{% endset %}"
              "{{ s }}|{{ v|e }}|{{ v ~ v }}|{{ m(v) }}|{{ v|upper }}|{{ v|safe }}")
    text = "<&>"
    assert env.from_string(source).render(v=text) == (
        "&lt;&amp;&gt;|&lt;&amp;&gt;|&lt;&amp;&gt;&lt;&amp;&gt;|<&lt;&amp;&gt;>|&lt;&amp;&gt;|<&>")


def test_undefined_value_is_still_an_error(env: jinja2.Environment) -> None:
    with pytest.raises(jinja2.UndefinedError):
        env.from_string("{{ missing }}").render()


def test_plain_helpers_are_called_in_loops_and_blocks(env: jinja2.Environment) -> None:
    link = functools.lru_cache()(lambda path: "/base/" + path)
    upper = functools.partial(str.upper)
    source = ("{% macro m() %}{{ link('m') }}{% endmacro %}{% for p in ['a', 'b'] %}{{ link(p) }}"
              "{% set x %}{{ upper(p) }}{% endset %}{{ x }}{% endfor %}{{ m() }}")
    assert env.from_string(source).render(link=link, upper=upper) == "/base/aA/base/bB/base/m"


def test_helpers_that_take_the_context_still_get_it(env: jinja2.Environment) -> None:
    @jinja2.pass_context
    def greet(context: jinja2.runtime.Context, name: str) -> str:
        return f"{context['greeting']} {name}"
    cached = functools.lru_cache()(greet)       # keeps greet's jinja_pass_arg
    source = "{{ greet('a') }}|{{ cached('b') }}|{% for n in ['c'] %}{{ greet(n) }}{% endfor %}"
    assert env.from_string(source).render(greet=greet, cached=cached, greeting="Hallo") == (
        "Hallo a|Hallo b|Hallo c")
