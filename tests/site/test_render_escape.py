"""Templates escape what they write exactly as markupsafe does (render.py
writes `{{ value }}` without a Markup object per value): text, quotes,
numbers, Markup left alone, an undefined value still an error, and the
other escaping places (filters, ~, set blocks, macros) unchanged."""
from __future__ import annotations

from pathlib import Path

import jinja2
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
