"""The taper phase of a web plan: what is stored, which dose a day gets, and its JSON.

Why a list of tapers: stopping a taper that has begun must never send the dose back up to the
titration dose at once, nor down to zero (withdrawal: docs/architecture.md, Product rules); it
*holds* the dose of the day it was stopped. A later taper then starts from that held dose, and the
days of the earlier one keep their doses, so the plan's past (which the safety rules compare the
journal with) does not change. Each stored item is the input of
:func:`baclo.protocols.taper.build_taper` plus ``speed`` (``slow``, ``fast`` or ``custom``),
``stopped_on``, and who started it; the doses are recomputed by the domain, never stored.

A taper covers the days from its start until the next taper's start; on those days the plan's
dose is the taper's (capped at the plan's ceiling), whatever the titration says.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from baclo.errors import FieldError, ValidationError
from baclo.protocols.inputs import mg_json
from baclo.protocols.taper import (
    LARGE_STEP_FRACTION,
    LARGE_STEP_MG,
    PRESETS,
    Taper,
    TaperSpeed,
    build_taper,
)
from baclo.web.inputs import date_field

__all__ = [
    "CUSTOM",
    "MG_TOLERANCE",
    "SPEEDS",
    "StoredTaper",
    "TaperStatus",
    "covering",
    "first_day_plunge",
    "parse_request",
    "stored_tapers",
]

CUSTOM = "custom"
SPEEDS = (TaperSpeed.SLOW.value, TaperSpeed.FAST.value, CUSTOM)
REQUEST_FIELDS = frozenset({"start", "speed", "from_mg", "to_mg", "step_mg", "interval_days"})
# Doses are whole or half mg: a difference below this is rounding, not a higher dose.
MG_TOLERANCE = 1e-6


class TaperStatus(enum.StrEnum):
    PLANNED = "planned"
    """Starts after today: cancelling it removes it."""
    ACTIVE = "active"
    """Going down, or holding its residual dose after its last step."""
    STOPPED = "stopped"
    """Stopped on ``stopped_on``: the dose of that day is held."""


@dataclass(frozen=True, kw_only=True)
class StoredTaper:
    """One taper of a plan, rebuilt by the domain from what was stored."""

    taper: Taper
    speed: str
    stopped_on: dt.date | None = None
    set_by: str = ""
    set_at: str = ""

    @property
    def start(self) -> dt.date:
        return self.taper.start

    def dose_on(self, day: dt.date) -> float | None:
        """The taper's dose on ``day`` (``None`` before its start); held after a stop."""
        if self.stopped_on is not None and day > self.stopped_on:
            day = self.stopped_on
        return self.taper.dose_on(day)

    def step_on(self, day: dt.date) -> int:
        """0-based index of the taper step in force on ``day`` (on or after the start)."""
        held = day if self.stopped_on is None else min(day, self.stopped_on)
        return sum(1 for step in self.taper.steps if step.date <= held) - 1

    def status(self, today: dt.date) -> TaperStatus:
        if self.stopped_on is not None:
            return TaperStatus.STOPPED
        return TaperStatus.PLANNED if today < self.start else TaperStatus.ACTIVE

    def same_request(self, other: StoredTaper) -> bool:
        """The same taper asked again (a retried request), whoever sent it."""
        return self.stored()[:6] == other.stored()[:6] and self.stopped_on is None

    def stored(self) -> tuple[Any, ...]:
        taper = self.taper
        custom = self.speed == CUSTOM
        return (
            taper.start.isoformat(),
            self.speed,
            mg_json(taper.from_mg),
            mg_json(taper.to_mg),
            mg_json(taper.step_mg) if custom else None,
            taper.interval_days if custom else None,
            None if self.stopped_on is None else self.stopped_on.isoformat(),
            self.set_by,
            self.set_at,
        )

    def to_stored(self) -> dict[str, Any]:
        keys = (
            "start",
            "speed",
            "from_mg",
            "to_mg",
            "step_mg",
            "interval_days",
            "stopped_on",
            "set_by",
            "set_at",
        )
        return dict(zip(keys, self.stored(), strict=True))

    def payload(self, today: dt.date) -> dict[str, Any]:
        """The API shape: the domain's taper JSON, its pace and where it stands today."""
        return {
            **self.taper.to_dict(),
            "start": self.start.isoformat(),
            "speed": self.speed,
            "status": self.status(today).value,
            "stopped_on": None if self.stopped_on is None else self.stopped_on.isoformat(),
            "set_by": self.set_by,
            "set_at": self.set_at,
        }

    @classmethod
    def from_stored(cls, item: Mapping[str, Any]) -> StoredTaper:
        """Rebuild a stored taper; a row the domain refuses raises, like a bad plan row."""
        speed = str(item["speed"])
        stopped = item.get("stopped_on")
        return cls(
            taper=_build(
                start=dt.date.fromisoformat(str(item["start"])),
                speed=speed,
                from_mg=float(item["from_mg"]),
                to_mg=float(item["to_mg"]),
                step_mg=item.get("step_mg"),
                interval_days=item.get("interval_days"),
            ),
            speed=speed,
            stopped_on=None if stopped is None else dt.date.fromisoformat(str(stopped)),
            set_by=str(item.get("set_by", "")),
            set_at=str(item.get("set_at", "")),
        )


def _build(
    *,
    start: dt.date,
    speed: str,
    from_mg: float,
    to_mg: float,
    step_mg: Any,
    interval_days: Any,
) -> Taper:
    if speed == CUSTOM:
        return build_taper(
            from_mg=from_mg,
            start=start,
            to_mg=to_mg,
            step_mg=step_mg,
            interval_days=interval_days,
        )
    return build_taper(from_mg=from_mg, start=start, to_mg=to_mg, speed=TaperSpeed(speed))


def stored_tapers(tapers: Any) -> list[StoredTaper]:
    """The plan's ``tapers`` column as domain objects, in date order."""
    if not isinstance(tapers, list):
        return []
    return [StoredTaper.from_stored(item) for item in tapers]


def covering(tapers: Sequence[StoredTaper], day: dt.date) -> StoredTaper | None:
    """The taper that sets the dose of ``day``: the latest one started on or before it."""
    started = [t for t in tapers if t.start <= day]
    return started[-1] if started else None


def _number(data: Mapping[str, Any], key: str, errors: list[FieldError]) -> float | None:
    value = data.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        errors.append(FieldError(f"taper.{key}", f"must be a number, got {value!r}", code="type"))
        return None
    return float(value)


def _speed(data: Mapping[str, Any], errors: list[FieldError]) -> str | None:
    speed = data.get("speed", TaperSpeed.SLOW.value)
    if speed not in SPEEDS:
        errors.append(
            FieldError(
                "taper.speed",
                f"unknown speed {speed!r} ({', '.join(SPEEDS)})",
                code="choice",
            )
        )
        return None
    return str(speed)


def _pace(
    data: Mapping[str, Any], speed: str | None, errors: list[FieldError]
) -> tuple[float | None, int | None]:
    """A custom taper needs its step and interval; a preset takes neither (it has its own)."""
    step = _number(data, "step_mg", errors)
    interval = data.get("interval_days")
    if interval is not None and (isinstance(interval, bool) or not isinstance(interval, int)):
        errors.append(
            FieldError(
                "taper.interval_days",
                f"must be a whole number of days, got {interval!r}",
                code="type",
            )
        )
        interval = None
    if speed == CUSTOM:
        for key in ("step_mg", "interval_days"):
            if data.get(key) is None:
                errors.append(
                    FieldError(f"taper.{key}", "a custom taper needs it", code="required")
                )
    elif speed is not None:
        preset = PRESETS[TaperSpeed(speed)]
        for key in ("step_mg", "interval_days"):
            if data.get(key) is not None:
                errors.append(
                    FieldError(
                        f"taper.{key}",
                        f"the {speed} preset is -{preset.step_mg:g} mg every "
                        f"{preset.interval_days} days; choose speed 'custom' to set your own",
                        code="preset",
                    )
                )
    return step, interval


def parse_request(
    data: Any,
    *,
    plan_start: dt.date,
    today: dt.date,
    ceiling_mg: float,
    dose_before: Any,
    set_by: str,
    set_at: str,
) -> StoredTaper:
    """A new taper from the API's (or the form's) JSON, validated by the domain.

    ``dose_before(day)`` gives the plan's dose on ``day``: a taper starts from the dose of the
    day before its start unless ``from_mg`` says otherwise, and never above it nor above the
    ceiling: a higher ``from_mg`` would raise the dose overnight. It starts today at the
    earliest: an earlier start would rewrite the plan's past (which the safety rules compare the
    journal with) and could cut today's dose by several steps at once (docs/architecture.md,
    Product rules). Raises :class:`~baclo.errors.ValidationError` naming every bad field
    (``taper.<field>``).
    """
    if not isinstance(data, dict):
        raise FieldError("taper", f"expected a JSON object, got {data!r}", code="type")
    errors = [
        FieldError(f"taper.{key}", "unknown field", code="unknown")
        for key in sorted(set(data) - REQUEST_FIELDS)
    ]
    start = None
    if data.get("start") is None:
        errors.append(FieldError("taper.start", "this field is required", code="required"))
    else:
        try:
            start = date_field(data["start"], "taper.start")
        except FieldError as error:
            errors.append(error)
    if start is not None and start <= plan_start:
        errors.append(
            FieldError(
                "taper.start",
                f"a taper starts after the plan has started ({plan_start.isoformat()}), "
                f"got {start.isoformat()}",
                code="before_plan",
            )
        )
        start = None
    if start is not None and start < today:
        errors.append(
            FieldError(
                "taper.start",
                f"a taper starts today ({today.isoformat()}) or later, got {start.isoformat()}",
                code="in_past",
            )
        )
        start = None
    speed = _speed(data, errors)
    step, interval = _pace(data, speed, errors)
    from_mg = _number(data, "from_mg", errors)
    to_mg = _number(data, "to_mg", errors)
    if from_mg is not None and from_mg > ceiling_mg:
        errors.append(
            FieldError(
                "taper.from_mg",
                f"{from_mg:g} mg/day is above the plan's ceiling of {ceiling_mg:g} mg/day",
                code="above_ceiling",
            )
        )
    if errors or start is None or speed is None:
        raise ValidationError(errors)
    day_before = start - dt.timedelta(days=1)
    current = float(dose_before(day_before))
    if from_mg is None:
        from_mg = current
    elif from_mg > current + MG_TOLERANCE:
        raise ValidationError(
            [
                FieldError(
                    "taper.from_mg",
                    f"{from_mg:g} mg/day is above the plan's {current:g} mg/day on "
                    f"{day_before.isoformat()}: a taper never raises the dose",
                    code="above_current_dose",
                )
            ]
        )
    try:
        taper = _build(
            start=start,
            speed=speed,
            from_mg=from_mg,
            to_mg=0.0 if to_mg is None else to_mg,
            step_mg=step,
            interval_days=interval,
        )
    except FieldError as error:
        raise ValidationError(
            [FieldError(f"taper.{error.field}", error.message, code=error.code)]
        ) from None
    plunge = first_day_plunge(taper, current, day_before)
    if plunge:
        raise ValidationError(
            [
                FieldError(
                    "taper.from_mg",
                    f"{plunge}; start from the current dose or closer to it",
                    code="abrupt_drop",
                )
            ]
        )
    return StoredTaper(taper=taper, speed=speed, set_by=set_by, set_at=set_at)


def first_day_plunge(taper: Taper, current: float, day_before: dt.date) -> str | None:
    """What the first day of a taper started below the current dose cuts, when that is more
    than a step may (the domain's rule, ANSM 2017: 20 mg or 25 % of the dose); None otherwise.
    From the current dose itself the first step only carries the domain's warning."""
    if taper.from_mg >= current - MG_TOLERANCE:
        return None
    first = taper.dose_on(taper.start) or 0.0
    cut = current - first
    if cut <= LARGE_STEP_MG and cut <= LARGE_STEP_FRACTION * current:
        return None
    return (
        f"{current:g} mg/day on {day_before.isoformat()} then {first:g} mg/day on "
        f"{taper.start.isoformat()} cuts {cut:g} mg overnight, more than 20 mg or 25 %: "
        "withdrawal risk"
    )
