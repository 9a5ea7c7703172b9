"""content/tags.yaml: loading, errors with path:line, synonyms, ignore."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator.tagging import TagInput, suggest_tags
from generator.tagregistry import TagRegistry, TagRegistryError, load_tag_registry

GOOD = """\
tags:
  - tag: atomprogramm
    name: Atomprogramm
    synonyms: [Atomanlage, Nukleareinrichtung]
    description: Nuklearprogramme und der Streit darum.
  - tag: ceasefire
    synonyms: [truce]
ignore: [Flugzeugträger, Deal]
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "tags.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def registry(tmp_path) -> TagRegistry:
    return load_tag_registry(write(tmp_path, GOOD))


def test_missing_file_is_empty(tmp_path):
    reg = load_tag_registry(tmp_path / "nope.yaml")
    assert len(reg) == 0
    assert reg.canonical("Atomanlage") == "Atomanlage"


def test_empty_file_is_empty(tmp_path):
    assert len(load_tag_registry(write(tmp_path, ""))) == 0


def test_synonyms_map_to_canonical_with_inflection(registry):
    assert registry.canonical("Atomanlagen") == "Atomprogramm"
    assert registry.canonical("Nukleareinrichtungen", "de") == "Atomprogramm"
    assert registry.canonical("atom-programm") == "Atomprogramm"
    assert registry.canonical("truce") == "ceasefire"
    assert registry.canonical("Krieg") == "Krieg"


def test_no_synonyms_unless_the_registry_says_so():
    assert TagRegistry.build().canonical("Atomanlage") == "Atomanlage"


def test_ignore_matches_variants(registry):
    assert registry.is_ignored("Flugzeugträgers")
    assert registry.is_ignored("deal")
    assert not registry.is_ignored("Atomprogramm")


def test_registry_shapes_suggestions(registry, seed_doc):
    plain = suggest_tags(seed_doc)
    tags = suggest_tags(seed_doc, registry)
    assert "Flugzeugträger" in plain and "Flugzeugträger" not in tags
    assert "Atomanlagen" in plain and "Atomanlagen" not in tags  # pooled into Atomprogramm
    assert tags.count("Atomprogramm") == 1


def test_registry_name_becomes_display(registry):
    doc = TagInput("Truce holds", "The truce held overnight, and a second truce is planned.", (),
                   ("Both sides praised the truce.",), "en", ())
    assert suggest_tags(doc, registry)[0] == "ceasefire"


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("tags: [\n  - tag: x\n", 2, "invalid YAML"),
        ("- a\n- b\n", 1, "expected a mapping"),
        ("tags:\n  - tag: x\nignor: [a]\n", 3, "did you mean 'ignore'"),
        ("tags:\n  - tag: x\n    synonym: [y]\n", 3, "did you mean 'synonyms'"),
        ("tags:\n  - name: X\n", 2, "needs a non-empty 'tag:'"),
        ("tags:\n  - tag: x\n    synonyms: y\n", 2, "'synonyms' must be a list"),
        ("tags:\n  - tag: a\n    synonyms: [z]\n  - tag: b\n    synonyms: [Z]\n", 4, "listed under both"),
        ("tags: 3\n", 1, "'tags' must be a list"),
        ("ignore: {a: 1}\n", 1, "'ignore' must be a list"),
        ("tags:\n  - just a string\n", 2, "must be a mapping"),
    ],
)
def test_bad_files_raise_one_line_with_location(tmp_path, text, line, fragment):
    path = write(tmp_path, text)
    with pytest.raises(TagRegistryError) as err:
        load_tag_registry(path)
    message = str(err.value)
    assert message.startswith(f"{path}:{line}: "), message
    assert fragment in message
    assert "\n" not in message
    assert isinstance(err.value, ValueError)


def test_python_tags_are_refused(tmp_path):
    with pytest.raises(TagRegistryError):
        load_tag_registry(write(tmp_path, "tags: !!python/object/apply:os.system ['true']\n"))
