"""How the web shows the core's words: one definition of each label, rendered in the reader's
language.

The core writes what it says as :class:`baclo.questionnaires.Text` (English and French side by
side, no Django); the pages' own words (buttons, headings, help) live in the gettext catalogues.
A label the core defines (a side effect, a protocol, a band, a zone) is never translated again
here: the web picks the language (docs/architecture.md, "One source for every text").
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import get_language

from baclo.errors import FieldError
from baclo.journal import SideEffectKind
from baclo.pk.model import PKModel
from baclo.protocols.titration import PROTOCOLS, ProtocolId
from baclo.questionnaires import INSTRUMENTS, Text
from baclo.safety.labels import SIDE_EFFECT_LABELS
from baclo.safety.medications import CLASS_NAMES, CoMedication
from baclo.sources import SOURCES, cite, source

__all__ = [
    "band_name",
    "co_medication_label",
    "error_message",
    "instrument_name",
    "language",
    "localized",
    "localized_lazy",
    "model_citation",
    "model_name",
    "notice_text",
    "protocol_title",
    "side_effect_label",
    "with_tablets_text",
]


def language() -> str:
    """The active language as the core knows it: ``"fr"`` (the default) or ``"en"``."""
    return "en" if (get_language() or "fr").startswith("en") else "fr"


def localized(text: Any, *, capitalized: bool = False) -> str:
    """A core ``Text`` (or its stored ``{"en", "fr"}`` form) in the active language."""
    if isinstance(text, Text):
        value = text.get(language())
    elif isinstance(text, dict):
        value = str(text.get(language()) or text.get("en") or "")
    else:
        value = "" if text is None else str(text)
    return str(capfirst(value)) if capitalized else value


#: :func:`localized`, evaluated when shown, so that a module-level label follows the request.
localized_lazy = lazy(localized, str)


def error_message(error: FieldError) -> str:
    """A refusal of the core as a sentence in the reader's language: its ``Text`` when the core
    wrote one (the bad value inside), else its English message."""
    return localized(error.text if error.text is not None else error.message, capitalized=True)


def notice_text(notice: dict[str, str]) -> str:
    """A core notice in its JSON form (``message``, ``message_fr``) in the active language."""
    french = notice.get("message_fr") or notice["message"]
    return localized({"en": notice["message"], "fr": french}, capitalized=True)


def protocol_title(protocol: str) -> str:
    """A protocol id (``"rtu-2014"``) as people name it (``"RTU 2014"``); an unknown id as is."""
    try:
        return localized(PROTOCOLS[ProtocolId(protocol)].title)
    except ValueError:
        return protocol


def instrument_name(instrument_id: str) -> str:
    """A questionnaire id (``"phq9"``) as people name it (``"PHQ-9"``, "Échelle ... d'Epworth")."""
    instrument = INSTRUMENTS.get(instrument_id)
    return instrument_id if instrument is None else localized(instrument.display_name)


def band_name(instrument_id: str, band_id: str) -> str:
    """A score band id (``"zone_2"``) as its words in the reader's language."""
    instrument = INSTRUMENTS.get(instrument_id)
    bands = () if instrument is None else (b for v in instrument.bands.values() for b in v)
    label = next((band.label for band in bands if band.id == band_id), None)
    return band_id if label is None else localized(label)


def model_name(model: PKModel) -> str:
    """A PK model named after its study ("Simon et al. 2018"), not its data-file label."""
    return source(model.id).short() if model.id in SOURCES else model.name


def model_citation(model: PKModel) -> str:
    """The full reference of a PK model's study, from the one bibliography."""
    return cite(model.id) if model.id in SOURCES else model.citation


def co_medication_label(value: str) -> str:
    """A co-medication class (``"z_drugs"``) as its words ("Somnifères (zolpidem, zopiclone)"),
    from the core's one table; a value no class has any more, as stored."""
    try:
        return localized(CLASS_NAMES[CoMedication(value)], capitalized=True)
    except ValueError:
        return value


def side_effect_label(kind: SideEffectKind) -> str:
    """The side effect's name as a label ("Vertiges"), from the core's one table."""
    return localized(SIDE_EFFECT_LABELS[kind], capitalized=True)


def with_tablets_text(intakes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Planned intakes (the plan's JSON) with ``tablets_text``: their tablets, ``2 × 20 mg +
    1 × 10 mg``, in the active language (empty when the tablets cannot make the dose)."""
    return [
        {**intake, "tablets_text": localized({"en": intake["tablets"], "fr": intake["tablets_fr"]})}
        if intake.get("tablets")
        else {**intake, "tablets_text": ""}
        for intake in intakes
    ]
