"""One journal entry per patient and day: the value object and its single validator.

The API, the web form and the demo loader all go through :func:`parse_entry`, so that the same
input is accepted or refused the same way everywhere. Every bad field is reported at once, each as a
:class:`~baclo.errors.FieldError` with a dotted path (``drinks[1].abv_percent``) and a machine code
(``required``, ``type``, ``format``, ``out_of_range``, ``too_long``, ``choice``, ``duplicate``).
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar

from baclo.alcohol import DEFAULT_SERVINGS, Drink, DrinkKind, standard_drinks
from baclo.errors import FieldError, ValidationError
from baclo.protocols.inputs import clean_text, finite_number
from baclo.text import Text

__all__ = [
    "EDIT_WINDOW_DAYS",
    "MAX_INTAKE_MG",
    "MAX_NOTE_CHARS",
    "Craving",
    "HealthEvent",
    "Intake",
    "JournalEntry",
    "SideEffect",
    "SideEffectKind",
    "check_editable",
    "entry_to_dict",
    "parse_entry",
    "parse_stored_entry",
]

EDIT_WINDOW_DAYS = 7
MAX_NOTE_CHARS = 5000
# The hard limit of the whole product is 300 mg/day (docs/architecture.md, Product rules); one
# intake above it is a typing error, not a fact to record.
MAX_INTAKE_MG = 300.0
MAX_INTAKES = 12
MAX_DRINKS = 50
MAX_DRINK_VOLUME_ML = 5000.0


class SideEffectKind(enum.StrEnum):
    """Side effects a patient can log (Association Baclofène 2014, "Effets indésirables":
    ``association-baclofene``)."""

    FATIGUE = "fatigue"
    SOMNOLENCE = "somnolence"
    INSOMNIA = "insomnia"
    DIZZINESS = "dizziness"
    SEXUAL = "sexual"
    HEARING_VISION_SPEECH = "hearing_vision_speech"
    NAUSEA = "nausea"
    MOOD_LOW = "mood_low"
    DARK_THOUGHTS = "dark_thoughts"
    CONFUSION = "confusion"
    AGITATION_EUPHORIA = "agitation_euphoria"
    SLEEP_ATTACKS = "sleep_attacks"
    OTHER = "other"


class HealthEvent(enum.StrEnum):
    """What happened that day that can raise baclofen levels through the kidneys.

    Baclofen leaves the body mostly unchanged in urine: fluid losses and a new NSAID or diuretic
    can lower kidney function within days, the setting of published intoxications
    (:mod:`baclo.safety.renal`).
    """

    VOMITING = "vomiting"
    DIARRHOEA = "diarrhoea"
    DEHYDRATION = "dehydration"
    NEW_NSAID = "new_nsaid"
    NEW_DIURETIC = "new_diuretic"


@dataclass(frozen=True, slots=True, kw_only=True)
class Intake:
    """A baclofen intake actually taken: clock time and milligrams.

    ``planned`` is the clock time of the plan's intake it answers (the same as ``time`` when
    taken on time); ``None`` for an intake outside the plan.
    """

    time: dt.time
    dose_mg: float
    planned: dt.time | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Craving:
    """The day's craving: intensity 0-10 and the clock time it started (first of the day)."""

    intensity: int
    onset: dt.time | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class SideEffect:
    """A side effect and its severity: 0 none, 1 mild, 2 moderate, 3 severe."""

    kind: SideEffectKind
    severity: int


@dataclass(frozen=True, slots=True, kw_only=True)
class JournalEntry:
    """What a patient logged for one day."""

    date: dt.date
    intakes: tuple[Intake, ...] = ()
    craving: Craving | None = None
    drinks: tuple[Drink, ...] = ()
    side_effects: tuple[SideEffect, ...] = ()
    mood: int | None = None
    note: str = ""
    health_events: tuple[HealthEvent, ...] = ()
    #: Planned intakes (their clock times) the patient chose not to take that day.
    skipped: tuple[dt.time, ...] = ()

    @property
    def dose_mg(self) -> float:
        """Total baclofen taken that day, in mg."""
        return sum(i.dose_mg for i in self.intakes)

    @property
    def alcohol_g(self) -> float:
        """Grams of ethanol drunk that day."""
        return sum(d.grams for d in self.drinks)

    @property
    def standard_drinks(self) -> float:
        """French standard drinks (10 g) drunk that day."""
        return standard_drinks(self.alcohol_g)

    def severity_of(self, kind: SideEffectKind) -> int:
        """Severity logged for ``kind`` that day, 0 when not logged."""
        return max((s.severity for s in self.side_effects if s.kind is kind), default=0)


def check_editable(entry_date: dt.date, today: dt.date) -> None:
    """Refuse dates in the future or more than :data:`EDIT_WINDOW_DAYS` days back.

    The window keeps the journal a record made close to the facts, not rewritten later.
    """
    if entry_date > today:
        raise FieldError("date", f"{entry_date.isoformat()} is in the future", code="future")
    if (today - entry_date).days > EDIT_WINDOW_DAYS:
        raise FieldError(
            "date",
            f"{entry_date.isoformat()} is more than {EDIT_WINDOW_DAYS} days ago",
            code="too_old",
        )


T = TypeVar("T")


class _Collector:
    """Collects field errors so that every bad field is reported at once."""

    def __init__(self) -> None:
        self.errors: list[FieldError] = []

    def fail(self, field: str, message: str | Text, code: str) -> None:
        self.errors.append(FieldError(field, message, code=code))

    def number(
        self,
        data: Mapping[str, Any],
        key: str,
        path: str,
        low: float,
        high: float,
        *,
        integer: bool = False,
        required: bool = True,
        low_inclusive: bool = True,
    ) -> float | None:
        """Read a number in [low, high] (or (low, high] when ``low_inclusive`` is false)."""
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, "this field is required", "required")
            return None
        try:
            number = finite_number(path, value)
        except FieldError as error:
            self.fail(path, f"must be a finite number, got {value!r:.40}", error.code)
            return None
        if integer and not number.is_integer():
            self.fail(path, f"must be a whole number, got {value!r}", "type")
            return None
        below = number < low if low_inclusive else number <= low
        if not math.isfinite(number) or below or number > high:
            bracket = "[" if low_inclusive else "("
            self.fail(path, f"{value!r} is outside {bracket}{low:g}, {high:g}]", "out_of_range")
            return None
        return number

    def clock(
        self, data: Mapping[str, Any], key: str, path: str, *, required: bool
    ) -> dt.time | None:
        value = data.get(key)
        if value is None:
            if required:
                self.fail(path, "this field is required", "required")
            return None
        if not isinstance(value, str) or len(value) != 5 or value[2] != ":":
            self.fail(path, f"expected a time HH:MM, got {value!r}", "format")
            return None
        try:
            return dt.time.fromisoformat(value)
        except ValueError:
            self.fail(path, f"{value!r} is not a valid time of day", "format")
            return None

    def items(
        self,
        data: Mapping[str, Any],
        key: str,
        limit: int,
        parse_one: Callable[[Mapping[str, Any], str], T | None],
    ) -> tuple[T, ...]:
        value = data.get(key)
        if value is None:
            return ()
        if not isinstance(value, list):
            self.fail(key, f"must be a list, got {type(value).__name__}", "type")
            return ()
        if len(value) > limit:
            self.fail(key, f"at most {limit} items, got {len(value)}", "too_many")
            return ()
        parsed: list[T] = []
        for index, item in enumerate(value):
            path = f"{key}[{index}]"
            if not isinstance(item, Mapping):
                self.fail(path, f"must be an object, got {type(item).__name__}", "type")
                continue
            one = parse_one(item, path)
            if one is not None:
                parsed.append(one)
        return tuple(parsed)


def _choice(col: _Collector, enum_type: type[enum.StrEnum], value: Any, path: str) -> Any:
    try:
        return enum_type(value)
    except ValueError:
        allowed = ", ".join(member.value for member in enum_type)
        col.fail(path, f"unknown value {value!r} (expected one of: {allowed})", "choice")
        return None


def _intake(col: _Collector, item: Mapping[str, Any], path: str) -> Intake | None:
    time = col.clock(item, "time", f"{path}.time", required=True)
    dose = col.number(item, "dose_mg", f"{path}.dose_mg", 0, MAX_INTAKE_MG, low_inclusive=False)
    planned = col.clock(item, "planned", f"{path}.planned", required=False)
    if time is None or dose is None:
        return None
    return Intake(time=time, dose_mg=dose, planned=planned)


def _drink(col: _Collector, item: Mapping[str, Any], path: str) -> Drink | None:
    kind = _choice(col, DrinkKind, item.get("kind"), f"{path}.kind")
    default = DEFAULT_SERVINGS.get(kind) if kind is not None else None
    needs_own = kind is DrinkKind.CUSTOM
    volume = col.number(
        item,
        "volume_ml",
        f"{path}.volume_ml",
        0,
        MAX_DRINK_VOLUME_ML,
        required=needs_own,
        low_inclusive=False,
    )
    abv = col.number(
        item, "abv_percent", f"{path}.abv_percent", 0, 100, required=needs_own, low_inclusive=False
    )
    if kind is None:
        return None
    if default is not None:
        # An invalid given value was already reported; the default only fills absent fields.
        volume = default.volume_ml if volume is None else volume
        abv = default.abv_percent if abv is None else abv
    if volume is None or abv is None:
        return None
    return Drink(kind=kind, volume_ml=volume, abv_percent=abv)


def _side_effect(col: _Collector, item: Mapping[str, Any], path: str) -> SideEffect | None:
    kind = _choice(col, SideEffectKind, item.get("kind"), f"{path}.kind")
    severity = col.number(item, "severity", f"{path}.severity", 0, 3, integer=True)
    if kind is None or severity is None:
        return None
    return SideEffect(kind=kind, severity=int(severity))


def _craving(col: _Collector, data: Mapping[str, Any]) -> Craving | None:
    value = data.get("craving")
    if value is None:
        return None
    if not isinstance(value, Mapping):
        col.fail("craving", f"must be an object, got {type(value).__name__}", "type")
        return None
    intensity = col.number(value, "intensity", "craving.intensity", 0, 10, integer=True)
    onset = col.clock(value, "onset", "craving.onset", required=False)
    if intensity is None:
        return None
    return Craving(intensity=int(intensity), onset=onset)


def _note(col: _Collector, data: Mapping[str, Any]) -> str:
    note = data.get("note")
    if note is None:
        return ""
    if not isinstance(note, str):
        col.fail("note", f"must be text, got {type(note).__name__}", "type")
        return ""
    if len(note) > MAX_NOTE_CHARS:
        col.fail("note", f"at most {MAX_NOTE_CHARS} characters, got {len(note)}", "too_long")
    try:
        return clean_text("note", note.strip())
    except FieldError as error:
        col.fail("note", error.text or error.message, error.code)
        return ""


def _no_duplicate_kinds(col: _Collector, effects: Sequence[SideEffect]) -> None:
    seen: set[SideEffectKind] = set()
    for effect in effects:
        if effect.kind in seen:
            col.fail("side_effects", f"{effect.kind.value!r} is listed twice", "duplicate")
        seen.add(effect.kind)


def _health_events(col: _Collector, data: Mapping[str, Any]) -> tuple[HealthEvent, ...]:
    value = data.get("health_events")
    if value is None:
        return ()
    if not isinstance(value, list):
        col.fail("health_events", f"must be a list, got {type(value).__name__}", "type")
        return ()
    events: list[HealthEvent] = []
    for index, item in enumerate(value):
        event = _choice(col, HealthEvent, item, f"health_events[{index}]")
        if event in events:
            col.fail("health_events", f"{event.value!r} is listed twice", "duplicate")
        elif event is not None:
            events.append(event)
    return tuple(sorted(events, key=list(HealthEvent).index))


def _skipped(col: _Collector, data: Mapping[str, Any]) -> tuple[dt.time, ...]:
    value = data.get("skipped")
    if value is None:
        return ()
    if not isinstance(value, list):
        col.fail("skipped", f"must be a list, got {type(value).__name__}", "type")
        return ()
    if len(value) > MAX_INTAKES:
        col.fail("skipped", f"at most {MAX_INTAKES} items, got {len(value)}", "too_many")
        return ()
    times = [
        col.clock({"t": item}, "t", f"skipped[{n}]", required=True) for n, item in enumerate(value)
    ]
    return tuple(sorted({t for t in times if t is not None}))


def _each_planned_intake_answered_once(
    col: _Collector, intakes: Sequence[Intake], skipped: Sequence[dt.time]
) -> None:
    answered = [i.planned for i in intakes if i.planned is not None] + list(skipped)
    if len(answered) != len(set(answered)):
        col.fail("skipped", "a planned intake is answered twice (taken or skipped)", "duplicate")


def parse_entry(data: Mapping[str, Any], *, entry_date: dt.date) -> JournalEntry:
    """Validate a journal entry given as JSON-like data (the API shape of docs/architecture.md
    (Contracts)).

    Raises :class:`~baclo.errors.ValidationError` listing every bad field. Unknown keys are
    refused too, so that a misspelt field is not silently dropped.
    """
    col = _Collector()
    known = {
        "date",
        "intakes",
        "craving",
        "drinks",
        "side_effects",
        "mood",
        "note",
        "health_events",
        "skipped",
    }
    for key in sorted(set(data) - known):
        col.fail(key, "unknown field", "unknown")
    if "date" in data and data["date"] != entry_date.isoformat():
        col.fail("date", f"{data['date']!r} does not match {entry_date.isoformat()}", "mismatch")
    intakes = col.items(data, "intakes", MAX_INTAKES, lambda i, p: _intake(col, i, p))
    drinks = col.items(data, "drinks", MAX_DRINKS, lambda i, p: _drink(col, i, p))
    effects = col.items(
        data, "side_effects", len(SideEffectKind), lambda i, p: _side_effect(col, i, p)
    )
    _no_duplicate_kinds(col, effects)
    skipped = _skipped(col, data)
    _each_planned_intake_answered_once(col, intakes, skipped)
    craving = _craving(col, data)
    mood = col.number(data, "mood", "mood", 0, 10, integer=True, required=False)
    note = _note(col, data)
    health_events = _health_events(col, data)
    if col.errors:
        raise ValidationError(col.errors)
    return JournalEntry(
        date=entry_date,
        intakes=tuple(sorted(intakes, key=lambda i: i.time)),
        craving=craving,
        drinks=drinks,
        side_effects=effects,
        mood=None if mood is None else int(mood),
        note=note,
        health_events=health_events,
        skipped=skipped,
    )


#: The fields :func:`entry_to_dict` computes and adds to what was entered.
COMPUTED_FIELDS = frozenset({"dose_mg", "alcohol_g", "standard_drinks"})


def parse_stored_entry(data: Mapping[str, Any], *, entry_date: dt.date) -> JournalEntry:
    """Read back an entry stored as :func:`entry_to_dict` wrote it: its computed fields are
    dropped and the rest goes through :func:`parse_entry`, the one validator."""
    entered = {key: value for key, value in data.items() if key not in COMPUTED_FIELDS}
    return parse_entry(entered, entry_date=entry_date)


def _hhmm(time: dt.time) -> str:
    return time.strftime("%H:%M")


def entry_to_dict(entry: JournalEntry) -> dict[str, Any]:
    """The API shape of an entry, with the computed alcohol fields (rounded for display)."""
    craving = None
    if entry.craving is not None:
        onset = None if entry.craving.onset is None else _hhmm(entry.craving.onset)
        craving = {"intensity": entry.craving.intensity, "onset": onset}
    shape: dict[str, Any] = {
        "date": entry.date.isoformat(),
        "intakes": [_intake_dict(i) for i in entry.intakes],
        "craving": craving,
        "drinks": [
            {"kind": d.kind.value, "volume_ml": d.volume_ml, "abv_percent": d.abv_percent}
            for d in entry.drinks
        ],
        "side_effects": [
            {"kind": s.kind.value, "severity": s.severity} for s in entry.side_effects
        ],
        "mood": entry.mood,
        "note": entry.note,
        "health_events": [e.value for e in entry.health_events],
        "dose_mg": entry.dose_mg,
        "alcohol_g": round(entry.alcohol_g, 1),
        "standard_drinks": round(entry.standard_drinks, 1),
    }
    # Only when used, so that entries written without the plan's intakes keep their shape.
    if entry.skipped:
        shape["skipped"] = [_hhmm(t) for t in entry.skipped]
    return shape


def _intake_dict(intake: Intake) -> dict[str, Any]:
    shape: dict[str, Any] = {"time": _hhmm(intake.time), "dose_mg": intake.dose_mg}
    if intake.planned is not None:
        shape["planned"] = _hhmm(intake.planned)
    return shape
