"""Compact builders of journal entries and patient states for the safety and threshold tests."""

from __future__ import annotations

import datetime as dt
import math

from baclo.alcohol import Drink, DrinkKind
from baclo.journal import Craving, Intake, JournalEntry, SideEffect, SideEffectKind
from baclo.safety import Alert, PatientState, evaluate

#: Day 0 of every scenario (a Monday); ``day(n)`` is n days later.
DAY0 = dt.date(2026, 3, 2)


def day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


def drinks(count: float) -> tuple[Drink, ...]:
    """One custom drink holding exactly ``count`` standard drinks (10 g each)."""
    if count == 0:
        return ()
    volume = count * 10 / 0.789
    drink = Drink(kind=DrinkKind.CUSTOM, volume_ml=volume, abv_percent=100)
    while drink.grams / 10 > count:
        volume = math.nextafter(volume, 0)
        drink = Drink(kind=DrinkKind.CUSTOM, volume_ml=volume, abv_percent=100)
    assert math.isclose(drink.grams / 10, count)
    return (drink,)


def entry(
    n: int,
    *,
    dose: float = 0,
    times: tuple[str, ...] = ("08:00",),
    craving: int | None = None,
    onset: str | None = None,
    alcohol: float = 0,
    effects: dict[str, int] | None = None,
) -> JournalEntry:
    """Day ``n``'s entry: ``dose`` mg split evenly over ``times``, ``alcohol`` standard drinks."""
    intakes = tuple(Intake(time=dt.time.fromisoformat(t), dose_mg=dose / len(times)) for t in times)
    return JournalEntry(
        date=day(n),
        intakes=intakes if dose else (),
        craving=None
        if craving is None
        else Craving(
            intensity=craving, onset=None if onset is None else dt.time.fromisoformat(onset)
        ),
        drinks=drinks(alcohol),
        side_effects=tuple(
            SideEffect(kind=SideEffectKind(k), severity=s) for k, s in (effects or {}).items()
        ),
    )


def state(entries=(), *, today: int = 6, **fields) -> PatientState:
    """A patient state on ``day(today)``; ``plan`` maps day numbers to planned doses."""
    plan = fields.pop("plan", {})
    return PatientState(
        today=day(today),
        entries=list(entries),
        plan_doses={day(n): float(mg) for n, mg in plan.items()},
        **fields,
    )


def fired(rule_id: str, patient: PatientState) -> list[Alert]:
    """The alerts of one rule for ``patient`` (through :func:`evaluate`, as the web calls it)."""
    return [a for a in evaluate(patient) if a.rule == rule_id]
