"""The fixed test site: hand-written articles in German and English over
three months, an entity registry and an about page. Fixed dates and text,
so every build gives the same bytes."""
from __future__ import annotations

from pathlib import Path

from tests.conftest import write_article

SITE_YAML = """\
title: Testdigest
description: Nachrichten aus Bern und Berlin, Tag für Tag.
language: de
base_url: https://example.org/
timezone: Europe/Zurich
author: Redaktion
page_size: 3
search:
  enabled: true
"""

ENTITIES_YAML = """\
entities:
  - name: Karin Keller-Sutter
    type: person
    aliases: [Keller-Sutter, KKS]
    description: Schweizer Bundesrätin, Vorsteherin des Finanzdepartements.
    wikidata: Q96151
  - name: Bern
    type: place
    aliases: []
    description: Bundesstadt der Schweiz.
    wikidata: Q70
  - name: Schweizerische Nationalbank
    type: organisation
    aliases: [SNB]
    description: Die Zentralbank der Schweiz.
    wikidata: Q661048
"""

ABOUT = """\
---
title: Über diese Seite
---

Dieser Digest sammelt Nachrichten und verknüpft Personen, Orte und Themen.
"""

CAPTION = """

::: caption
Das Bundeshaus in Bern am Morgen.
© Foto: Archiv
:::
"""

RELATED = """

::: related
Mehr zur Geldpolitik der Nationalbank im Dossier.
:::
"""

ARTICLES = [
    dict(name="zinsentscheid", title="Nationalbank senkt den Leitzins", date="2026-02-12T09:30:00+01:00",
         body="Die Schweizerische Nationalbank senkt den Leitzins überraschend um einen Viertelprozentpunkt. "
              "Die Teuerung bleibt niedrig, der Franken stark." + CAPTION + "\nFinanzministerin Karin "
              "Keller-Sutter begrüsst den Entscheid. Die Märkte reagierten gelassen." + RELATED,
         tags=["Geldpolitik", "Zinsen"], people=["Karin Keller-Sutter"], places=["Bern"],
         organisations=["Schweizerische Nationalbank"]),
    dict(name="budget-debatte", title="Parlament streitet über das Budget", date="2026-02-12T15:00:00+01:00",
         body="Im Bundeshaus in Bern debattiert das Parlament das Budget. Keller-Sutter verteidigt die "
              "Schuldenbremse gegen Kritik von links.",
         tags=["Finanzen", "Parlament"], people=["Karin Keller-Sutter"], places=["Bern"]),
    dict(name="franken-stark", title="Der Franken bleibt stark", date="2026-02-10T08:00:00+01:00",
         body="Der Franken legt gegenüber dem Euro weiter zu. Exporteure klagen über schwindende Margen.",
         tags=["Geldpolitik", "Wirtschaft"], organisations=["Schweizerische Nationalbank"]),
    dict(name="snow-in-bern", title="Heavy snow slows Bern", date="2026-02-03T07:15:00+01:00", lang="en",
         body="Heavy snowfall brought trams in Bern to a standstill on Tuesday morning. Commuters waited "
              "for hours while ploughs cleared the tracks.",
         tags=["Weather"], places=["Bern"]),
    dict(name="berlin-coalition", title="Berlin coalition agrees on housing plan", date="2026-01-21T18:00:00+01:00",
         lang="en", body="The coalition in Berlin agreed on a housing plan with rent caps and new "
                         "construction targets.", tags=["Housing", "Politics"], places=["Berlin"]),
    dict(name="teuerung-januar", title="Teuerung sinkt im Januar", date="2026-01-15T10:00:00+01:00",
         body="Die Teuerung in der Schweiz ist im Januar gesunken. Die Nationalbank sieht sich bestätigt.",
         tags=["Geldpolitik", "Wirtschaft"], organisations=["Schweizerische Nationalbank"]),
    dict(name="neujahrsansprache", title="Neujahrsansprache aus dem Bundeshaus", date="2026-01-01T12:00:00+01:00",
         body="In ihrer Neujahrsansprache ruft Karin Keller-Sutter zu Zuversicht auf. Sie spricht über "
              "Zusammenhalt und die Schuldenbremse.",
         tags=["Parlament", "Finanzen"], people=["Karin Keller-Sutter"], places=["Bern"]),
    dict(name="weihnachtsmarkt", title="Weihnachtsmarkt lockt Besucher", date="2025-12-14T16:00:00+01:00",
         body="Der Weihnachtsmarkt auf dem Waisenhausplatz lockt tausende Besucher an. Glühwein und "
              "Lebkuchen sind gefragt.", tags=["Kultur"], places=["Bern"]),
]


def make_project(folder: Path, base_url: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    yaml_text = SITE_YAML if base_url is None else SITE_YAML.replace("https://example.org/", base_url)
    (folder / "site.yaml").write_text(yaml_text, encoding="utf-8")
    for spec in ARTICLES:
        write_article(folder, **spec)
    (folder / "content" / "entities.yaml").write_text(ENTITIES_YAML, encoding="utf-8")
    pages = folder / "content" / "pages"
    pages.mkdir(parents=True, exist_ok=True)
    (pages / "about.md").write_text(ABOUT, encoding="utf-8")
    return folder
