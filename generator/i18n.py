"""UI strings and date formats for the site's and each article's language.

One catalogue; a language missing a string falls back to English."""
from __future__ import annotations

from datetime import date, datetime

STRINGS: dict[str, dict[str, str]] = {
    "en": {
        "skip": "Skip to content",
        "digest": "Digest",
        "tags": "Topics",
        "entities": "Names",
        "people": "People",
        "places": "Places",
        "organisations": "Organisations",
        "person": "Person",
        "place": "Place",
        "organisation": "Organisation",
        "tag": "Topic",
        "related": "Related",
        "related_stories": "Related stories",
        "reading_time": "{n} min read",
        "stories": "{n} stories",
        "story": "1 story",
        "not_found": "Page not found",
        "not_found_text": "There is nothing at this address. Try the digest or search.",
        "back_home": "Back to the digest",
        "search": "Search",
        "newer": "Newer",
        "older": "Older",
        "previous_story": "Previous story",
        "next_story": "Next story",
        "published": "Published",
        "credit": "Photo",
        "mentions": "Mentioned in",
        "first_mention": "First mentioned",
        "last_mention": "Last mentioned",
        "co_mentioned": "Often mentioned together",
        "aliases": "Also known as",
        "page": "Page {n}",
        "feed": "Feed",
        "in_this_story": "In this story",
        "all_tags": "All topics",
        "all_entities": "All names",
        "archive": "Archive",
        "editions": "Editions",
        "about": "About",
        "menu": "Main navigation",
        "by_type": "By type",
        "day_editions": "Daily editions",
        "week_editions": "Weekly editions",
        "edition_of_day": "Edition of {date}",
        "week": "Week {week}, {year}",
        "week_range": "{start} to {end}",
        "top_entities": "Most mentioned",
        "top_tags": "Top topics",
        "mentions_chart": "Mentions of {name} per month",
        "mentions_chart_desc": "{n} mentions between {first} and {last}; the busiest month was {peak}.",
        "mentions_count": "Mentions",
        "type": "Type",
        "description": "Description",
        "wikidata": "Wikidata",
        "feeds": "Feeds",
        "atom": "Atom feed",
        "json_feed": "JSON Feed",
        "search_title": "Search the digest",
        "search_noscript": "Search needs JavaScript. Browse the topics and names instead.",
        "archive_intro": "Every story, month by month.",
        "all_editions": "All editions",
        "previous_edition": "Previous edition",
        "next_edition": "Next edition",
        "edition_feed": "{period} editions",
        "month_stories": "{month}: {n} stories",
        "site_feed": "Latest stories",
        "more": "More",
    },
    "de": {
        "skip": "Zum Inhalt springen",
        "digest": "Übersicht",
        "tags": "Themen",
        "entities": "Namen",
        "people": "Personen",
        "places": "Orte",
        "organisations": "Organisationen",
        "person": "Person",
        "place": "Ort",
        "organisation": "Organisation",
        "tag": "Thema",
        "related": "Passend zum Thema",
        "related_stories": "Verwandte Artikel",
        "reading_time": "{n} Min. Lesezeit",
        "stories": "{n} Artikel",
        "story": "1 Artikel",
        "not_found": "Seite nicht gefunden",
        "not_found_text": "Unter dieser Adresse gibt es nichts. Versuchen Sie die Übersicht oder die Suche.",
        "back_home": "Zurück zur Übersicht",
        "search": "Suche",
        "newer": "Neuere",
        "older": "Ältere",
        "previous_story": "Vorheriger Artikel",
        "next_story": "Nächster Artikel",
        "published": "Veröffentlicht",
        "credit": "Bild",
        "mentions": "Erwähnt in",
        "first_mention": "Erstmals erwähnt",
        "last_mention": "Zuletzt erwähnt",
        "co_mentioned": "Oft zusammen erwähnt",
        "aliases": "Auch bekannt als",
        "page": "Seite {n}",
        "feed": "Feed",
        "in_this_story": "In diesem Artikel",
        "all_tags": "Alle Themen",
        "all_entities": "Alle Namen",
        "archive": "Archiv",
        "editions": "Ausgaben",
        "about": "Über",
        "menu": "Hauptnavigation",
        "by_type": "Nach Typ",
        "day_editions": "Tagesausgaben",
        "week_editions": "Wochenausgaben",
        "edition_of_day": "Ausgabe vom {date}",
        "week": "KW {week}/{year}",
        "week_range": "{start} bis {end}",
        "top_entities": "Am häufigsten erwähnt",
        "top_tags": "Wichtigste Themen",
        "mentions_chart": "Erwähnungen von {name} pro Monat",
        "mentions_chart_desc": "{n} Erwähnungen zwischen {first} und {last}; am häufigsten im {peak}.",
        "mentions_count": "Erwähnungen",
        "type": "Typ",
        "description": "Beschreibung",
        "wikidata": "Wikidata",
        "feeds": "Feeds",
        "atom": "Atom-Feed",
        "json_feed": "JSON-Feed",
        "search_title": "Die Übersicht durchsuchen",
        "search_noscript": "Die Suche braucht JavaScript. Stöbern Sie stattdessen in Themen und Namen.",
        "archive_intro": "Alle Artikel, Monat für Monat.",
        "all_editions": "Alle Ausgaben",
        "previous_edition": "Vorherige Ausgabe",
        "next_edition": "Nächste Ausgabe",
        "edition_feed": "{period}",
        "month_stories": "{month}: {n} Artikel",
        "site_feed": "Neueste Artikel",
        "more": "Mehr",
    },
}


def labels(lang: str) -> dict[str, str]:
    base = STRINGS["en"]
    return {**base, **STRINGS.get(lang.split("-")[0], {})}


def translate(lang: str, key: str, **values: object) -> str:
    text = labels(lang).get(key, key)
    return text.format(**values) if values else text


def _locale(lang: str) -> str:
    return lang.replace("-", "_") if lang else "en"


def long_date(value: datetime, lang: str) -> str:
    """'12. Februar 2026' / 'February 12, 2026', in the date's own time zone."""
    return _format_date(value, "long", lang)


def month_year(value: date, lang: str) -> str:
    """'Februar 2026' / 'February 2026'."""
    return _format_date(value, "LLLL y", lang)


def _format_date(value: date, pattern: str, lang: str) -> str:
    # imported here: Babel takes 10 ms to import, and a build that only
    # re-renders an edited article (200 ms in all) formats no date
    from babel.dates import format_date
    try:
        return format_date(value, pattern, locale=_locale(lang))
    except (ValueError, LookupError):
        return format_date(value, pattern, locale="en")


def week_label(value: date, lang: str) -> str:
    """The ISO week of a date: 'Week 7, 2026' / 'KW 7/2026'."""
    year, week, _ = value.isocalendar()
    return translate(lang, "week", week=week, year=year)
