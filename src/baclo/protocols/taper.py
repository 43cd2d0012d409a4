"""Taper: coming down from the effective dose, slowly, never stopping abruptly.

Why so careful: stopping baclofen abruptly can cause a severe withdrawal syndrome (seizures,
confusion, hallucinations, hyperthermia; ``baclocur-smpc-2018``). Association Baclofène (2014)
describes two habits after some months at the effective dose: slow, -10 mg every 3 to 5 weeks
(preset ``slow``: every 4 weeks), and faster, -10 to -20 mg every 1 to 2 weeks for people with
disabling side effects (preset ``fast``: -10 mg every week), down to a comfortable residual dose or
to zero.

The limits, refused unless a prescriber overrides them with a recorded reason
(:class:`TaperOverride`), reconcile the published paces:

* at most one reduction every 2 days, and at most 15 mg per reduction when they come less than
  a week apart: ANSM (2017, ``ansm-2017-80mg``) asked that patients above 80 mg/day be reduced
  by 10-15 mg at most every 2 days;
* at most 20 mg per reduction otherwise: the largest step of the association's fast habit
  (-10 to -20 mg every 1 to 2 weeks, ``association-baclofene``);
* at most 25 % of the dose a reduction starts from, but always 10 mg (one tablet): the
  proportional limit keeps late steps small, the one-tablet floor keeps a taper to zero possible.
  :func:`max_cut_mg` is that rule.

A requested step beyond the limits at the starting dose is refused; later steps shrink by
themselves when the dose falls below four times the step (60 mg in 20 mg steps: 40, 30, 20, 10,
0), and steps of more than 25 % allowed by the one-tablet floor carry a caution. The last step to
zero is taken from 10 mg at most. Every dose is made of the patient's tablets: a step that is not
a multiple of the tablets' resolution (7 mg with 10 mg scored tablets) is refused, never rounded.
"""

from __future__ import annotations

import datetime as dt
import enum
import math
from dataclasses import dataclass
from typing import Any

from baclo.errors import FieldError, ValidationError
from baclo.protocols.inputs import mg_json, positive_dose
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletCode, TabletSet
from baclo.protocols.titration import HARD_LIMIT_MG
from baclo.sources import cite
from baclo.text import Text, date_fr, number_fr

__all__ = [
    "LARGE_STEP_FRACTION",
    "LARGE_STEP_MG",
    "LAST_STEP_TO_ZERO_MAX_MG",
    "MIN_INTERVAL_DAYS",
    "PRESETS",
    "Taper",
    "TaperCode",
    "TaperOverride",
    "TaperSpeed",
    "TaperStep",
    "TaperWarning",
    "build_taper",
    "max_cut_mg",
]

LARGE_STEP_MG = 20.0
"""Largest reduction a week or more after the previous one (the association's fast habit)."""
FAST_PACE_STEP_MG = 15.0
"""Largest reduction less than a week after the previous one (ANSM 2017: 10-15 mg / 2 days)."""
FAST_PACE_BELOW_DAYS = 7
LARGE_STEP_FRACTION = 0.25
"""Largest reduction as a share of the dose it starts from (above the one-tablet floor)."""
ONE_TABLET_MG = 10.0
"""A reduction of one 10 mg tablet is always within the limits, so that a taper can end."""
MIN_INTERVAL_DAYS = 2
"""ANSM 2017: reductions every 2 days at the fastest."""
LAST_STEP_TO_ZERO_MAX_MG = 10.0
_MAX_INTERVAL_DAYS = 365


def max_cut_mg(dose_mg: float, interval_days: int) -> float:
    """The largest reduction (mg/day) from ``dose_mg`` that the limits allow, when reductions
    come every ``interval_days`` days (the rule of the module docstring).

    >>> max_cut_mg(100, 14), max_cut_mg(100, 2), max_cut_mg(60, 14), max_cut_mg(30, 14)
    (20.0, 15.0, 15.0, 10.0)
    """
    absolute = LARGE_STEP_MG if interval_days >= FAST_PACE_BELOW_DAYS else FAST_PACE_STEP_MG
    return min(absolute, max(ONE_TABLET_MG, LARGE_STEP_FRACTION * dose_mg))


class TaperCode:
    """Machine codes of the refusals (a UI translates them)."""

    LARGE_STEP = "large_step"
    FAST_PACE = "fast_pace"


@dataclass(frozen=True, kw_only=True)
class TaperOverride:
    """A prescriber's decision to taper beyond the limits, with the reason recorded.

    The core only checks that a reason is given; who may give one (a linked prescriber) is the
    shell's business. Raises ``FieldError`` (``override.reason``, code ``required``) otherwise.
    """

    reason: str

    def __post_init__(self) -> None:
        reason = self.reason.strip() if isinstance(self.reason, str) else ""
        if not reason:
            raise FieldError(
                "override.reason",
                Text(
                    en="a prescriber's override needs a reason",
                    fr="le prescripteur doit donner la raison de dépasser les limites",
                ),
                code="required",
            )
        object.__setattr__(self, "reason", reason)


class TaperSpeed(enum.StrEnum):
    SLOW = "slow"
    FAST = "fast"


@dataclass(frozen=True, kw_only=True)
class TaperPreset:
    step_mg: float
    interval_days: int
    source: str


PRESETS: dict[TaperSpeed, TaperPreset] = {
    TaperSpeed.SLOW: TaperPreset(
        step_mg=10.0,
        interval_days=28,
        source="-10 mg every 3 to 5 weeks after some months at the effective dose; "
        + cite("association-baclofene"),
    ),
    TaperSpeed.FAST: TaperPreset(
        step_mg=10.0,
        interval_days=7,
        source="-10 to -20 mg every 1 to 2 weeks when side effects are disabling; "
        + cite("association-baclofene"),
    ),
}


@dataclass(frozen=True, kw_only=True)
class TaperStep:
    """From ``date`` on, the daily dose is ``dose_mg``."""

    date: dt.date
    dose_mg: float


class TaperWarningCode(enum.StrEnum):
    LARGE_STEP = "large_step"
    FAST_PACE = "fast_pace"


@dataclass(frozen=True, kw_only=True)
class TaperWarning:
    code: TaperWarningCode
    date: dt.date | None
    message: str


@dataclass(frozen=True, kw_only=True)
class Taper:
    """A taper: the starting dose, then one :class:`TaperStep` per reduction."""

    from_mg: float
    to_mg: float
    start: dt.date
    step_mg: float
    interval_days: int
    steps: tuple[TaperStep, ...]
    warnings: tuple[TaperWarning, ...]
    source: str
    """Where the pace comes from: a preset's source, or the user's own step and interval."""
    tablets: TabletSet = DEFAULT_TABLETS
    override: TaperOverride | None = None
    """Set when a prescriber allowed steps beyond the limits, with the reason."""

    def daily_doses(self) -> list[tuple[dt.date, float]]:
        """Every day on which a dose is taken, from ``start``, with its dose (mg/day).

        A residual dose is shown for one interval after the last step; a stop ends the list.
        """
        last = self.steps[-1]
        end = last.date + dt.timedelta(days=self.interval_days if last.dose_mg > 0 else 0)
        doses: list[tuple[dt.date, float]] = []
        steps = iter(self.steps)
        current = next(steps)
        upcoming = next(steps, None)
        day = self.start
        while day < end:
            if upcoming is not None and day >= upcoming.date:
                current, upcoming = upcoming, next(steps, None)
            doses.append((day, current.dose_mg))
            day += dt.timedelta(days=1)
        return doses

    def dose_on(self, day: dt.date) -> float | None:
        """The daily dose (mg/day) the taper sets on ``day``; ``None`` before ``start``.

        After the last step the dose stays at the residual dose (``to_mg``, 0 after a stop):
        a plan that follows the taper needs a dose for every later day, unlike
        :meth:`daily_doses`, which lists the days worth a calendar entry.
        """
        if day < self.start:
            return None
        return [step.dose_mg for step in self.steps if step.date <= day][-1]

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``baclo taper --format json``."""
        return {
            "from_mg": mg_json(self.from_mg),
            "to_mg": mg_json(self.to_mg),
            "step_mg": mg_json(self.step_mg),
            "interval_days": self.interval_days,
            "source": self.source,
            "tablets": self.tablets.to_dict(),
            "override": None if self.override is None else {"reason": self.override.reason},
            "steps": [
                {
                    "date": step.date.isoformat(),
                    "dose_mg": mg_json(step.dose_mg),
                    "tablets": self.tablets.describe(step.dose_mg).en,
                }
                for step in self.steps
            ],
            "warnings": [
                {
                    "code": w.code.value,
                    "date": None if w.date is None else w.date.isoformat(),
                    "message": w.message,
                }
                for w in self.warnings
            ],
        }


def build_taper(
    *,
    from_mg: float,
    start: dt.date,
    to_mg: float = 0.0,
    speed: TaperSpeed = TaperSpeed.SLOW,
    step_mg: float | None = None,
    interval_days: int | None = None,
    tablets: TabletSet = DEFAULT_TABLETS,
    override: TaperOverride | None = None,
) -> Taper:
    """Reduce from ``from_mg`` to ``to_mg`` mg/day, the first reduction on ``start``.

    ``step_mg`` and ``interval_days`` override the preset of ``speed``. Later steps shrink so
    that none goes beyond :func:`max_cut_mg`, and the last is shorter when ``from_mg - to_mg``
    is not a multiple of the step. Raises ``FieldError`` on doses the tablets cannot make, and
    ``FieldError`` / ``ValidationError`` (codes ``large_step``, ``fast_pace``) on a pace beyond
    the limits, unless ``override`` records a prescriber's reason.

    >>> import datetime as dt
    >>> taper = build_taper(from_mg=40, start=dt.date(2026, 3, 2), speed=TaperSpeed.FAST)
    >>> [(s.date.isoformat(), s.dose_mg) for s in taper.steps][:2]
    [('2026-03-02', 30.0), ('2026-03-09', 20.0)]
    """
    start_dose = tablets.check(positive_dose("from_mg", from_mg), field="from_mg")
    if start_dose > HARD_LIMIT_MG:
        raise FieldError(
            "from_mg",
            Text(
                en=f"must be at most {HARD_LIMIT_MG:g} mg/day, got {from_mg:g}",
                fr=f"au plus {HARD_LIMIT_MG:g} mg/jour, reçu {number_fr(from_mg)}",
            ),
            code="above_hard_limit",
        )
    if not 0 <= to_mg < start_dose:
        raise FieldError(
            "to_mg",
            Text(
                en=f"the residual dose must be 0 or more and below the starting dose "
                f"{start_dose:g} mg, got {to_mg:g}",
                fr=f"la dose résiduelle doit être de 0 ou plus et sous la dose de départ de "
                f"{number_fr(start_dose)} mg, reçu {number_fr(to_mg)}",
            ),
            code="out_of_range",
        )
    target = tablets.check(to_mg, field="to_mg")
    preset = PRESETS[speed]
    step = preset.step_mg if step_mg is None else _takeable_step(step_mg, tablets)
    interval = preset.interval_days if interval_days is None else interval_days
    if not 1 <= interval <= _MAX_INTERVAL_DAYS:
        raise FieldError(
            "interval_days",
            Text(
                en=f"must be 1-{_MAX_INTERVAL_DAYS} days, got {interval}",
                fr=f"de 1 à {_MAX_INTERVAL_DAYS} jours, reçu {interval}",
            ),
            code="range",
        )
    if override is None:
        _check_limits(start_dose, step, interval)
    doses = _doses(start_dose, target, step, interval, tablets, limited=override is None)
    # The calendar must hold the last step and the interval shown after it (daily_doses).
    if (dt.date.max - start).days < len(doses) * interval:
        raise FieldError(
            "start",
            Text(
                en=f"a taper from {start.isoformat()} would end after 9999",
                fr=f"une diminution commencée le {date_fr(start)} finirait après l'an 9999",
            ),
            code="range",
        )
    steps = tuple(
        TaperStep(date=start + dt.timedelta(days=i * interval), dose_mg=dose)
        for i, dose in enumerate(doses)
    )
    return Taper(
        from_mg=start_dose,
        to_mg=target,
        start=start,
        step_mg=step,
        interval_days=interval,
        steps=steps,
        warnings=_warnings(start_dose, steps, interval),
        source=(
            preset.source
            if (step, interval) == (preset.step_mg, preset.interval_days)
            else "custom step and interval"
        ),
        tablets=tablets,
        override=override,
    )


def _takeable_step(step_mg: float, tablets: TabletSet) -> float:
    step = positive_dose("step_mg", step_mg)
    resolution = tablets.step_mg
    multiples = step / resolution
    if step < resolution or abs(multiples - round(multiples)) > 1e-9:
        nearest = sorted({max(math.floor(multiples), 1), math.ceil(multiples)})
        choices = [n * resolution for n in nearest]
        label = tablets.label()
        raise FieldError(
            "step_mg",
            Text(
                en=f"a step of {step_mg:g} mg cannot be made of {label.en}: doses go in steps of "
                f"{resolution:g} mg; choose {' or '.join(f'{c:g}' for c in choices)} mg",
                fr=f"une marche de {number_fr(step_mg)} mg ne peut pas être faite de {label.fr} "
                f": les doses vont par {number_fr(resolution)} mg ; choisissez "
                f"{' ou '.join(number_fr(c) for c in choices)} mg",
            ),
            code=TabletCode.NOT_TAKEABLE,
        )
    return step


def _check_limits(start: float, step: float, interval: int) -> None:
    """Refuse a pace beyond the limits at the starting dose; name every broken limit."""
    errors: list[FieldError] = []
    if interval < MIN_INTERVAL_DAYS:
        errors.append(
            FieldError(
                "interval_days",
                Text(
                    en=f"a reduction every {interval} day is faster than allowed: at most one "
                    f"reduction every {MIN_INTERVAL_DAYS} days (ANSM 2017) unless a prescriber "
                    "overrides it with a recorded reason",
                    fr=f"une baisse tous les {interval} jour(s) est plus rapide que permis : au "
                    f"plus une baisse tous les {MIN_INTERVAL_DAYS} jours (ANSM 2017), sauf "
                    "décision motivée d'un prescripteur (risque de sevrage)",
                ),
                code=TaperCode.FAST_PACE,
            )
        )
    allowed = max_cut_mg(start, max(interval, MIN_INTERVAL_DAYS))
    if step > allowed:
        errors.append(
            FieldError(
                "step_mg",
                Text(
                    en=f"a step of {step:g} mg from {start:g} mg/day is beyond the limits: at "
                    f"most {allowed:g} mg here (15 mg when reductions come less than a week "
                    "apart, ANSM 2017; 20 mg otherwise; 25 % of the dose, or one 10 mg tablet) "
                    "unless a prescriber overrides it with a recorded reason",
                    fr=f"une marche de {number_fr(step)} mg depuis {number_fr(start)} mg/jour "
                    f"dépasse les limites : au plus {number_fr(allowed)} mg ici (15 mg quand les "
                    "baisses sont espacées de moins d'une semaine, ANSM 2017 ; 20 mg sinon ; 25 % "
                    "de la dose, ou un comprimé de 10 mg), sauf décision motivée d'un "
                    "prescripteur (risque de sevrage)",
                ),
                code=TaperCode.LARGE_STEP,
            )
        )
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise ValidationError(errors)


def _doses(
    start: float, target: float, step: float, interval: int, tablets: TabletSet, *, limited: bool
) -> list[float]:
    doses: list[float] = []
    current = start
    while current > target:
        cut = min(step, max_cut_mg(current, interval)) if limited else step
        lowest = max(current - cut, target)
        if lowest == 0 and current > LAST_STEP_TO_ZERO_MAX_MG:
            lowest = LAST_STEP_TO_ZERO_MAX_MG
        # Rounding up keeps the cut within the limit and the dose takeable.
        following = tablets.round_up(lowest)
        if following >= current:
            label = tablets.label()
            raise FieldError(
                "tablets",
                Text(
                    en=f"{label.en} cannot make a dose between {lowest:g} and {current:g} "
                    f"mg/day, so the taper cannot go on from {current:g} mg/day without a step "
                    "beyond the limits: smaller tablets are needed",
                    fr=f"les {label.fr} ne permettent aucune dose entre {number_fr(lowest)} et "
                    f"{number_fr(current)} mg/jour : la diminution ne peut pas continuer depuis "
                    f"{number_fr(current)} mg/jour sans dépasser les limites ; il faut des "
                    "comprimés plus petits",
                ),
                code=TabletCode.NOT_TAKEABLE,
            )
        doses.append(following)
        current = following
    return doses


def _warnings(
    start: float, steps: tuple[TaperStep, ...], interval: int
) -> tuple[TaperWarning, ...]:
    """Cautions: steps of more than 25 % (allowed by the one-tablet floor, or by an override),
    steps beyond the limits and a pace faster than every 2 days (only with an override)."""
    warnings: list[TaperWarning] = []
    if interval < MIN_INTERVAL_DAYS:
        warnings.append(
            TaperWarning(
                code=TaperWarningCode.FAST_PACE,
                date=None,
                message=(
                    f"a reduction every {interval} day is faster than ANSM's 2017 advice "
                    "(10-15 mg at most every 2 days): withdrawal risk; set by a prescriber"
                ),
            )
        )
    previous = start
    for step in steps:
        cut = previous - step.dose_mg
        beyond = cut > max_cut_mg(previous, max(interval, MIN_INTERVAL_DAYS)) + 1e-9
        if beyond or cut > LARGE_STEP_FRACTION * previous:
            warnings.append(
                TaperWarning(
                    code=TaperWarningCode.LARGE_STEP,
                    date=step.date,
                    message=(
                        f"{step.date.isoformat()}: {previous:g} -> {step.dose_mg:g} mg/day cuts "
                        f"{cut:g} mg ({cut / previous:.0%} of the dose)"
                        + (
                            ", beyond the limits (set by a prescriber): withdrawal risk"
                            if beyond
                            else ", more than 25 %: the last steps are the hardest, watch for "
                            "craving and withdrawal symptoms; slower steps are safer"
                        )
                    ),
                )
            )
        previous = step.dose_mg
    return tuple(warnings)
