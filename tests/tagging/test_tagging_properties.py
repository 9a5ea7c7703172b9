"""Any text: no crash, 0..8 tags, each tag drawn from the text (after folding)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from generator.tagging import TagInput, fold_key, suggest_tags
from generator.tagging.lexicon import fold_surface

WORDS = ["Verhandlungen", "Atomprogramm", "Streik", "die", "und", "Iran", "Israels", "tariffs",
         "ceasefire", "talks", "the", "Atom-Programm", "Programm", "Güter-", "Personenverkehr",
         "«", ".", ",", "-", "ß", "Straße", "US-Angriffen", "said", "olive", "oil"]
text = st.lists(st.one_of(st.sampled_from(WORDS), st.text(max_size=12)), max_size=40).map(" ".join)


def _folded_text(doc: TagInput) -> str:
    parts = (doc.title, doc.lede, *doc.headings, *doc.paragraphs)
    return fold_surface(" ".join(parts))


@settings(max_examples=150, deadline=None)
@given(title=text, lede=text, body=st.lists(text, max_size=3), lang=st.sampled_from(["de", "en", "fr", "", "xx"]),
       names=st.lists(st.sampled_from(["Iran", "Israel", "Donald Trump", "", "a"]), max_size=3))
def test_any_text(title, lede, body, lang, names):
    doc = TagInput(title, lede, (), tuple(body), lang, tuple(names))
    tags = suggest_tags(doc)
    assert 0 <= len(tags) <= 8
    assert len(set(tags)) == len(tags)
    haystack = _folded_text(doc)
    for tag in tags:
        # Every word of a tag is in the text, up to case, hyphens and inflection
        # (the stem before the ending must be there).
        for word in tag.split():
            folded = fold_surface(word)
            stem = folded[: max(3, len(folded) - 3)]
            # or a compound completed from an ellipsis: 'Güter- und
            # Personenverkehr' also names 'Güterverkehr'
            completed = any(folded[:cut] in haystack and folded[cut:][:3] in haystack
                            for cut in range(3, len(folded) - 2))
            assert stem in haystack or completed, (tag, doc)
    assert suggest_tags(doc) == tags
    for tag in tags:
        fold_key(tag, lang)
