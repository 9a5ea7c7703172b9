"""Topic tags for articles (German and English), and archive-wide tag hygiene.

Tags are topics ('Atomprogramm', 'Verhandlungen'), never names: names are
entities and come in through `TagInput.entity_names` only to be excluded.
"""

from __future__ import annotations

from .archive import concept_key, consolidate, display_forms, suggest_merges
from .fold import fold_key
from .suggest import TagInput, suggest_tags

__all__ = ["TagInput", "concept_key", "consolidate", "display_forms", "fold_key", "suggest_merges", "suggest_tags"]
