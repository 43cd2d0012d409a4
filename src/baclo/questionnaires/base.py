"""What every questionnaire shares: bilingual text, items, score bands, validation, the result.

An :class:`Instrument` is data (items, bands, source) plus one scoring rule: the total is the sum
of the item values. Validation is strict and complete (the django ``password_validation`` habit):
a wrong answer count, a non-integer answer or a value that the item does not allow are all
reported at once in one :class:`~baclo.errors.ValidationError`, each as a
:class:`~baclo.errors.FieldError` named after the item (``q4``) with a machine code
(``count``, ``type``, ``out_of_range``). Nothing is scored, so nothing can be stored, unless
every answer is valid.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from baclo.errors import FieldError, ValidationError
from baclo.text import Text

__all__ = [
    "Band",
    "Flag",
    "Instrument",
    "Item",
    "Option",
    "Result",
    "Sex",
    "Text",
]


class Sex(enum.StrEnum):
    """Sex as the screening thresholds use it (AUDIT-C has sex-specific cut-offs)."""

    FEMALE = "f"
    MALE = "m"


class Flag(enum.StrEnum):
    """Findings that must change what the product does next, whatever the total score."""

    #: PHQ-9 item 9 (thoughts of death or self-harm) answered above 0: show crisis resources.
    CRISIS = "crisis"
    #: Epworth item 8 (dozing in a car stopped in traffic) at 2 or more: no driving.
    NO_DRIVING = "no_driving"


#: What a flag adds to the band's advice, whatever the total.
FLAG_ADVICE: Mapping[Flag, Text] = {
    Flag.NO_DRIVING: Text(
        en=" You could doze off at the wheel: do not drive or use machines, and tell your "
        "prescriber.",
        fr=" Vous pourriez vous assoupir au volant : ne conduisez pas, n'utilisez pas de machines "
        "et prévenez votre prescripteur.",
    ),
}


@dataclass(frozen=True, slots=True, kw_only=True)
class Option:
    """One allowed answer of an item: the value scored and its label."""

    value: int
    label: Text


@dataclass(frozen=True, slots=True, kw_only=True)
class Item:
    """One question, as a short paraphrase (not the official wording), and its options."""

    id: str
    text: Text
    options: tuple[Option, ...]

    @property
    def values(self) -> tuple[int, ...]:
        return tuple(o.value for o in self.options)


@dataclass(frozen=True, slots=True, kw_only=True)
class Band:
    """A closed range of total scores with its meaning and what to do about it."""

    id: str
    low: int
    high: int
    label: Text
    advice: Text

    def contains(self, score: int) -> bool:
        return self.low <= score <= self.high


@dataclass(frozen=True, kw_only=True)
class Instrument:
    """A scored questionnaire.

    ``bands`` maps a sex to its bands; the key ``None`` holds the bands used when sex is not
    given (or does not matter). Bands of one set must tile 0..max score without gap or overlap
    (checked by the tests of each instrument).
    """

    id: str
    name: str
    items: tuple[Item, ...]
    bands: Mapping[Sex | None, tuple[Band, ...]]
    source: str
    licence: str
    recall: Text
    #: Item ids whose answer above 0 (or at ``flag_minimum`` of that item) raises a flag,
    #: whatever the total.
    flag_items: Mapping[str, Flag] = field(default_factory=dict)
    flag_minimum: Mapping[str, int] = field(default_factory=dict)
    #: The name shown to people when it differs between languages (``name`` stays the id's label).
    title: Text | None = None

    @property
    def display_name(self) -> Text:
        """The name a page shows, in both languages (an acronym reads the same in both)."""
        return self.title or Text(en=self.name, fr=self.name)

    @property
    def max_score(self) -> int:
        return sum(max(item.values) for item in self.items)

    def validate(self, answers: Sequence[Any]) -> tuple[int, ...]:
        """Return the answers as integers, or raise ``ValidationError`` naming each bad one.

        Accepted per answer: an int, a float with an integral value, or a string holding a
        whole number (what a form or a command line sends). Booleans are refused.
        """
        errors: list[FieldError] = []
        if len(answers) != len(self.items):
            errors.append(
                FieldError(
                    "answers",
                    Text(
                        en=f"{self.name} has {len(self.items)} items, got {len(answers)} answers",
                        fr=f"{self.name} a {len(self.items)} questions, reçu {len(answers)} "
                        "réponses",
                    ),
                    code="count",
                )
            )
        values: list[int] = []
        for item, raw in zip(self.items, answers, strict=False):
            value = _as_int(raw)
            if value is None:
                errors.append(
                    FieldError(
                        item.id,
                        Text(
                            en=f"must be a whole number, got {raw!r}",
                            fr=f"un nombre entier est attendu, reçu « {raw} »",
                        ),
                        code="type",
                    )
                )
            elif value not in item.values:
                allowed = ", ".join(str(v) for v in item.values)
                errors.append(
                    FieldError(
                        item.id,
                        Text(
                            en=f"{value} is not an allowed answer (allowed: {allowed})",
                            fr=f"{value} n'est pas une réponse possible (possibles : {allowed})",
                        ),
                        code="out_of_range",
                    )
                )
            else:
                values.append(value)
        if errors:
            raise ValidationError(errors)
        return tuple(values)

    def band_set(self, sex: Sex | None) -> tuple[Band, ...]:
        return self.bands.get(sex, self.bands[None])

    def score(self, answers: Sequence[Any], *, sex: Sex | None = None) -> Result:
        """Validate ``answers`` (in item order) and score them."""
        values = self.validate(answers)
        total = sum(values)
        band = next(b for b in self.band_set(sex) if b.contains(total))
        flags = frozenset(
            flag
            for item, value in zip(self.items, values, strict=True)
            if value >= self.flag_minimum.get(item.id, 1)
            and (flag := self.flag_items.get(item.id)) is not None
        )
        return Result(
            instrument=self,
            answers=values,
            score=total,
            band=band,
            sex=sex if sex in self.bands else None,
            flags=flags,
        )


def _as_int(raw: Any) -> int | None:
    if isinstance(raw, bool):
        return None
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float):
        return int(raw) if raw.is_integer() else None
    if isinstance(raw, str):
        text = raw.strip()
        if text.lstrip("+-").isdigit() and text.isascii():
            return int(text)
    return None


@dataclass(frozen=True, kw_only=True)
class Result:
    """A scored questionnaire: what the web stores (with a date) and what the CLI prints."""

    instrument: Instrument
    answers: tuple[int, ...]
    score: int
    band: Band
    #: The sex whose thresholds were applied; ``None`` when the instrument has none or it was
    #: not given.
    sex: Sex | None
    flags: frozenset[Flag]

    @property
    def crisis(self) -> bool:
        return Flag.CRISIS in self.flags

    @property
    def advice(self) -> Text:
        """The band's advice, followed by what each raised flag adds (e.g. no driving)."""
        extra = [FLAG_ADVICE[f] for f in sorted(self.flags) if f in FLAG_ADVICE]
        return Text(
            en=self.band.advice.en + "".join(t.en for t in extra),
            fr=self.band.advice.fr + "".join(t.fr for t in extra),
        )

    def answer(self, item_id: str) -> int:
        """The value given to one item, by its id (``"q9"``)."""
        for item, value in zip(self.instrument.items, self.answers, strict=True):
            if item.id == item_id:
                return value
        raise KeyError(item_id)

    def to_dict(self) -> dict[str, Any]:
        """The JSON shape of docs/architecture.md (Contracts) (``instrument``, ``score``, ``band``,
        ``advice``), with the French texts and the details a program needs."""
        return {
            "instrument": self.instrument.id,
            "name": self.instrument.name,
            "score": self.score,
            "max_score": self.instrument.max_score,
            "band": self.band.id,
            "band_range": [self.band.low, self.band.high],
            "band_label": self.band.label.en,
            "band_label_fr": self.band.label.fr,
            "advice": self.advice.en,
            "advice_fr": self.advice.fr,
            "answers": list(self.answers),
            "sex": None if self.sex is None else self.sex.value,
            "flags": sorted(f.value for f in self.flags),
            "crisis": self.crisis,
            "source": self.instrument.source,
        }
