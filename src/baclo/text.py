"""What the core says to people, in both languages of the product, side by side.

A :class:`Text` is the one definition of a sentence or label written by the core (alert
messages, questionnaire items, protocol names, refusals of bad input): the web renders it in the
reader's language (``baclo.web.wording``), the CLI and the API give the English and, where a
French reader may need it, the French (docs/architecture.md, "One source for every text").
Both are required, so that a missing translation is a type error rather than a silent fallback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["Text", "date_fr", "number_fr"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Text:
    """A short text in English and French (the two languages of the product)."""

    en: str
    fr: str

    def get(self, language: str) -> str:
        """The text in ``language`` (``"fr"`` or anything else for English)."""
        return self.fr if language == "fr" else self.en

    def to_dict(self) -> dict[str, str]:
        return {"en": self.en, "fr": self.fr}


def number_fr(value: float) -> str:
    """A number as French readers write it: ``2,5`` (``{:g}``, decimal comma)."""
    return f"{value:g}".replace(".", ",")


def date_fr(day: dt.date) -> str:
    """A date as French readers write it: ``18/03/2026``."""
    return f"{day.day:02d}/{day.month:02d}/{day.year}"
