"""Random sequences of everyday edits, each built incrementally and compared
byte for byte with a clean build of the same content.

test_incremental.py covers each kind of change alone; here they follow one
another in the order chance gives them (a title after a body edit, a tag
that appears and goes, an article added and deleted, the registry, the
theme and site.yaml in between, a build killed or run with --clean and its
edit undone), as a newsroom's week does. The failure names the edits; its
seed replays them exactly (`pytest 'tests/incremental/test_edit_sequences.py::test_edit_sequence_equals_clean_builds[3]'`).
`make fuzz` runs forty sequences (NEWSDIGEST_EDIT_SEQUENCES)."""
from __future__ import annotations

import copy
import os
import random
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from generator import parallel
from tests.conftest import ROOT, write_article
from tests.incremental.test_incremental import SITE_YAML, _assert_equals_clean, _build, _killed_before_saving

N_ARTICLES = 36
STEPS = 10
SEQUENCES = int(os.environ.get("NEWSDIGEST_EDIT_SEQUENCES", "4"))
TAGS = [f"Thema {i}" for i in range(8)]
PEOPLE = [f"Person {i}" for i in range(10)]
PLACES = ["Bern", "Zürich", "Genf", "Basel"]


@dataclass
class Story:
    """One article as the test keeps it; the file is always written from this."""
    title: str
    date: str
    summary: str
    body: str
    tags: list[str]
    people: list[str]
    places: list[str]
    draft: bool = False


@dataclass
class Newsroom:
    folder: Path
    rng: random.Random
    stories: dict[str, Story] = field(default_factory=dict)
    made: int = 0

    def write(self, name: str) -> None:
        story = self.stories[name]
        extra = {"draft": True} if story.draft else {}
        write_article(self.folder, name, story.title, story.date, body=story.body, summary=story.summary,
                      tags=story.tags, people=story.people, places=story.places, **extra)

    def add(self) -> None:
        self.made += 1
        name = f"{self.made:04d}-meldung"
        day = self.rng.randrange(1, 28)
        self.stories[name] = Story(
            title=f"Meldung {self.made}", date=f"2025-03-{day:02d}T{self.rng.randrange(24):02d}:15:00+01:00",
            summary=f"Kurz gesagt: Meldung {self.made}.", body=f"Erster Absatz {self.made}.\n\nZweiter Absatz.",
            tags=self.rng.sample(TAGS, 2), people=self.rng.sample(PEOPLE, 2), places=self.rng.sample(PLACES, 1))
        self.write(name)

    def pick(self) -> str:
        return self.rng.choice(sorted(self.stories))

    def change(self, edit: Callable[[Story, random.Random], None]) -> None:
        """One story, chosen at random, edited and written."""
        name = self.pick()
        edit(self.stories[name], self.rng)
        self.write(name)


# edits of one story, chosen at random (Newsroom.change writes its file)

def _title(story: Story, rng: random.Random) -> None:
    story.title += " (aktualisiert)"


def _summary(story: Story, rng: random.Random) -> None:
    story.summary = f"Neue Zusammenfassung {rng.randrange(1000)}."


def _body(story: Story, rng: random.Random) -> None:
    story.body += f"\n\nNachtrag {rng.randrange(1000)}: " + "mehr Text " * rng.randrange(1, 400)


def _add_tag(story: Story, rng: random.Random) -> None:
    tag = rng.choice(TAGS + ["Brandneu"])
    if tag not in story.tags:
        story.tags.append(tag)


def _remove_tag(story: Story, rng: random.Random) -> None:
    if story.tags:
        story.tags.pop(rng.randrange(len(story.tags)))


def _swap_person(story: Story, rng: random.Random) -> None:
    story.people = rng.sample(PEOPLE + ["Neue Person"], 2)


def _move_date(story: Story, rng: random.Random) -> None:
    story.date = f"2025-0{rng.randrange(1, 4)}-{rng.randrange(1, 28):02d}T08:00:00+01:00"


def _toggle_draft(story: Story, rng: random.Random) -> None:
    story.draft = not story.draft


STORY_EDITS = [_title, _summary, _body, _add_tag, _remove_tag, _swap_person, _move_date, _toggle_draft]


# edits of the whole newsroom

def _rename_person(room: Newsroom) -> None:
    """Everywhere at once, as a correction of a misspelt name."""
    old = room.rng.choice(PEOPLE)
    for name, story in room.stories.items():
        if old in story.people:
            story.people = [old + "-Muster" if person == old else person for person in story.people]
            room.write(name)


def _add_article(room: Newsroom) -> None:
    room.add()


def _delete_article(room: Newsroom) -> None:
    name = room.pick()
    del room.stories[name]
    (room.folder / "content" / "articles" / f"{name}.md").unlink()


def _registry(room: Newsroom) -> None:
    person = room.rng.choice(PEOPLE)
    (room.folder / "content" / "entities.yaml").write_text(
        f"entities:\n  - name: {person}\n    type: person\n    description: Beschrieben {room.rng.randrange(100)}.\n",
        encoding="utf-8")


def _site_yaml(room: Newsroom) -> None:
    size = room.rng.choice([5, 10, 20])
    (room.folder / "site.yaml").write_text(SITE_YAML + f"page_size: {size}\n", encoding="utf-8")


def _theme(room: Newsroom) -> None:
    partial = room.folder / "templates" / "partials" / "story.html"
    partial.parent.mkdir(parents=True, exist_ok=True)
    source = (ROOT / "templates" / "partials" / "story.html").read_text(encoding="utf-8")
    partial.write_text(f"<!-- Hausstil {room.rng.randrange(100)} -->\n" + source, encoding="utf-8")


def _touch(room: Newsroom) -> None:
    (room.folder / "content" / "articles" / f"{room.pick()}.md").touch()


def _two_at_once(room: Newsroom) -> None:
    room.change(_body)
    room.change(_title)


@contextmanager
def _one_edit_undone_after(room: Newsroom) -> Iterator[None]:
    """A story edited for the block, then as it was."""
    name = room.pick()
    kept = copy.deepcopy(room.stories[name])
    room.rng.choice(STORY_EDITS)(room.stories[name], room.rng)
    room.write(name)
    yield
    room.stories[name] = kept
    room.write(name)


def _killed_and_undone(room: Newsroom) -> None:
    """A build of one more edit dies after writing site/ (before its records
    are saved); the edit is then undone, and the sequence goes on."""
    with _one_edit_undone_after(room), pytest.MonkeyPatch.context() as patch:
        _killed_before_saving(patch)
        try:
            _build(room.folder)
        except KeyboardInterrupt:
            pass                # a build with nothing to write saves nothing, and is not killed


def _clean_build_and_undone(room: Newsroom) -> None:
    """`build --clean` of one more edit, then the edit undone: the next
    build must know what each page was made from."""
    with _one_edit_undone_after(room):
        _build(room.folder, clean=True)


ROOM_EDITS = [_rename_person, _add_article, _delete_article, _registry, _site_yaml, _theme, _touch, _two_at_once,
              _killed_and_undone, _clean_build_and_undone]


@pytest.mark.parametrize("seed", range(SEQUENCES))
def test_edit_sequence_equals_clean_builds(seed: int, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    if seed % 2:        # odd seeds render in forked workers, however small the site
        monkeypatch.setattr(parallel, "MIN_PARALLEL", 0)
    project = tmp_path / "project"
    project.mkdir()
    (project / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    room = Newsroom(project, random.Random(seed))
    for _ in range(N_ARTICLES):
        room.add()
    _build(project)
    done = []
    for _ in range(STEPS):
        edit = room.rng.choice(STORY_EDITS + ROOM_EDITS)
        if edit in STORY_EDITS:
            room.change(edit)
        else:
            edit(room)
        done.append(edit.__name__)
        _build(project)
        try:
            _assert_equals_clean(project, tmp_path)
        except AssertionError as exc:
            raise AssertionError(f"after {' → '.join(done)}: {exc}") from None
