"""Scored questionnaires: AUDIT, AUDIT-C, PHQ-9 and the Epworth Sleepiness Scale.

One call scores a set of answers, validating them first (every bad item reported at once)::

    >>> from baclo.questionnaires import score
    >>> result = score("audit-c", [2, 1, 1], sex="m")
    >>> result.score, result.band.id
    (4, 'misuse')
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from baclo.errors import FieldError
from baclo.questionnaires.audit import AUDIT, AUDIT_C, AUDIT_DOMAINS, audit_domains
from baclo.questionnaires.base import Band, Flag, Instrument, Item, Option, Result, Sex, Text
from baclo.questionnaires.ess import ESS
from baclo.questionnaires.phq9 import PHQ9, SELF_HARM_ITEM

__all__ = [
    "AUDIT",
    "AUDIT_C",
    "AUDIT_DOMAINS",
    "ESS",
    "INSTRUMENTS",
    "PHQ9",
    "SELF_HARM_ITEM",
    "Band",
    "Flag",
    "Instrument",
    "Item",
    "Option",
    "Result",
    "Sex",
    "Text",
    "audit_domains",
    "get_instrument",
    "parse_sex",
    "score",
]

#: Every instrument by id, in the order a menu shows them.
INSTRUMENTS: dict[str, Instrument] = {i.id: i for i in (AUDIT, AUDIT_C, PHQ9, ESS)}


def get_instrument(instrument_id: str) -> Instrument:
    """The instrument called ``instrument_id``, or a ``FieldError`` listing the known ids."""
    try:
        return INSTRUMENTS[instrument_id]
    except KeyError:
        known = ", ".join(INSTRUMENTS)
        raise FieldError(
            "instrument", f"unknown questionnaire {instrument_id!r} (known: {known})", code="choice"
        ) from None


def parse_sex(value: str | None) -> Sex | None:
    """``"f"``/``"m"`` (any case) to :class:`Sex`; ``None`` or ``""`` stays unknown."""
    if value is None or value == "":
        return None
    try:
        return Sex(value.lower())
    except ValueError:
        raise FieldError("sex", f"expected f or m, got {value!r}", code="choice") from None


def score(instrument_id: str, answers: Sequence[Any], *, sex: str | Sex | None = None) -> Result:
    """Validate and score ``answers`` (in item order) for the instrument ``instrument_id``."""
    parsed_sex = sex if isinstance(sex, Sex) else parse_sex(sex)
    return get_instrument(instrument_id).score(answers, sex=parsed_sex)
