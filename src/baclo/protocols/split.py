"""Daily split: when to take the day's dose, in half tablets, using steady-state kinetics.

Two habits from Association Baclofène (2014, "Heures de prises"), each made an explicit objective:

``targeted``
    Concentrate the intakes before the daily craving onset, the last one 60-90 min before it
    (seed: "la derniere 1h a 1h30 avant le craving"), so that the concentration is as high as
    possible from onset to bedtime. Objective: **maximise the minimum steady-state
    concentration over [onset, bedtime]**, subject to: every intake between waking and onset,
    the last one 60, 75 or 90 min before onset, at least 2 h between intakes (so that one
    intake has peaked, 30 min-1 h 30 after it, before the next: no stacked peaks), at most
    6 intakes, none above the per-intake maximum (default a third of the daily dose rounded
    up to a half tablet, so that three intakes always suffice), doses in half tablets that
    never decrease through the day (the heaviest intakes come last, closest to the craving).
    Ties (within 0.1 %) go to fewer intakes, then to the lower peak.

``fractionated``
    For people with strong side effects (seed): small, equal-as-possible doses spread over
    waking hours. Objective: **minimise the steady-state peak**, using as many intakes as
    allowed (up to 6, never less than a half tablet each), the first within an hour of
    waking and the last within an hour of bedtime, evenly spaced. Ties (within 0.1 %) go to the
    higher minimum over [onset, bedtime].

The search is exhaustive over that small discrete space and vectorised: because the model is
linear and time-invariant (one compartment, first order; Simon et al. 2018, linear up to
300 mg/day), the steady-state curve of any schedule is a sum of shifted, scaled copies of the
curve of 1 mg taken daily at midnight, which the PK engine computes once per call. The numbers
reported for the chosen split are then recomputed by the engine itself.

Each result explains itself against an *even split*: the same dose in three intakes as equal
as possible (any extra half tablet on the earliest) at waking, mid-way, and bedtime.
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from baclo.errors import FieldError
from baclo.pk import DailyIntake, PKModel, load_model, steady_state_concentration
from baclo.pk.simulation import INTOXICATION_MG_L
from baclo.protocols.inputs import MINUTES_PER_DAY, format_clock, mg_json, positive_dose
from baclo.protocols.titration import HARD_LIMIT_MG

__all__ = [
    "DEFAULT_TABLET_MG",
    "MAX_INTAKES",
    "Intake",
    "Split",
    "SplitMetrics",
    "SplitMode",
    "SplitRequest",
    "assumptions",
    "split_daily_dose",
]

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

DEFAULT_TABLET_MG = 10.0
TABLET_RANGE_MG = (5.0, 40.0)
"""Scored baclofen tablets are 10 mg (generics) and 10-40 mg (Baclocur); 5 mg allows halves."""
MAX_INTAKES = 6
LAST_INTAKE_OFFSETS_MIN = (90, 75, 60)
"""Association Baclofène (2014): the last intake 1 h to 1 h 30 before the craving onset."""
MIN_GAP_MIN = 120
GAPS_MIN = (MIN_GAP_MIN, 150, 180)
EDGE_OFFSETS_MIN = (0, 30, 60)
EVEN_SPLIT_INTAKES = 3
TIE_TOLERANCE = 1e-3
SEARCH_STEP_MIN = 5
CLOCK_ROUNDING_MIN = 15
"""Resolution of the concentration grid the search compares candidates on."""


class SplitMode(enum.StrEnum):
    TARGETED = "targeted"
    FRACTIONATED = "fractionated"


@dataclass(frozen=True, kw_only=True)
class SplitRequest:
    """What the split needs; clock times are local wall-clock times."""

    daily_mg: float
    craving: dt.time
    mode: SplitMode = SplitMode.TARGETED
    wake: dt.time = dt.time(7, 0)
    sleep: dt.time = dt.time(23, 0)
    tablet_mg: float = DEFAULT_TABLET_MG
    per_intake_max_mg: float | None = None
    crcl_ml_min: float | None = None
    model_id: str | None = None


@dataclass(frozen=True, kw_only=True)
class Intake:
    """One intake: ``minute`` after midnight, ``dose_mg`` swallowed."""

    minute: int
    dose_mg: float

    @property
    def time(self) -> dt.time:
        return dt.time(self.minute // 60, self.minute % 60)


@dataclass(frozen=True, kw_only=True)
class SplitMetrics:
    """Steady-state concentrations (mg/L) that explain a split, from the PK engine."""

    conc_at_craving_mg_l: float
    min_onset_to_bedtime_mg_l: float
    peak_mg_l: float
    peak_minute: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "conc_at_craving_mg_l": round(self.conc_at_craving_mg_l, 4),
            "min_onset_to_bedtime_mg_l": round(self.min_onset_to_bedtime_mg_l, 4),
            "peak_mg_l": round(self.peak_mg_l, 4),
            "peak_time": format_clock(self.peak_minute),
        }


@dataclass(frozen=True, kw_only=True)
class Split:
    """A split, the numbers that explain it, and the even split it is compared with."""

    request: SplitRequest
    per_intake_max_mg: float
    intakes: tuple[Intake, ...]
    metrics: SplitMetrics
    even_intakes: tuple[Intake, ...]
    even_metrics: SplitMetrics
    model: PKModel

    @property
    def warnings(self) -> tuple[str, ...]:
        """Cautions the result must carry (shown on stderr, in JSON, on the page)."""
        found: list[str] = []
        crcl = self.request.crcl_ml_min
        avoid_below = self.model.renal.avoid_below_crcl_ml_min
        if crcl is not None and crcl < avoid_below:
            found.append(
                f"creatinine clearance {crcl:g} mL/min is below {avoid_below:g}: baclofen should "
                "be avoided (accumulation, intoxication risk; Vlavonou et al. 2014)"
            )
        if self.metrics.peak_mg_l >= INTOXICATION_MG_L:
            found.append(
                f"the typical steady-state peak, {self.metrics.peak_mg_l:.2f} mg/L, is in the "
                "range where intoxications have been reported (from about "
                f"{INTOXICATION_MG_L:g} mg/L; not a validated threshold): the fractionated mode "
                "lowers it"
            )
        return tuple(found)

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``baclo split --format json``."""
        request = self.request
        return {
            "mode": request.mode.value,
            "daily_mg": mg_json(request.daily_mg),
            "intakes": _intakes_json(self.intakes, request.tablet_mg),
            **self.metrics.to_dict(),
            "even_split": {
                "intakes": _intakes_json(self.even_intakes, request.tablet_mg),
                **self.even_metrics.to_dict(),
            },
            "craving": request.craving.strftime("%H:%M"),
            "wake": request.wake.strftime("%H:%M"),
            "sleep": request.sleep.strftime("%H:%M"),
            "tablet_mg": mg_json(request.tablet_mg),
            "per_intake_max_mg": mg_json(self.per_intake_max_mg),
            "objective": OBJECTIVES[request.mode],
            "model": {
                "id": self.model.id,
                "name": self.model.name,
                "structure": self.model.structure,
                "citation": self.model.citation,
            },
            "assumptions": assumptions(request.crcl_ml_min),
            "warnings": list(self.warnings),
        }


OBJECTIVES = {
    SplitMode.TARGETED: (
        "maximise the minimum concentration from craving onset to bedtime; intakes between "
        "waking and onset, the last 60-90 min before onset, 2 h apart or more, at most 6, "
        "none above the per-intake maximum"
    ),
    SplitMode.FRACTIONATED: (
        "minimise the peak concentration with up to 6 equal-as-possible intakes spread evenly "
        "over waking hours"
    ),
}


def assumptions(crcl_ml_min: float | None) -> list[str]:
    """What every concentration of a split assumes, in plain words."""
    renal = (
        "normal renal function"
        if crcl_ml_min is None
        else f"creatinine clearance {crcl_ml_min:g} mL/min (clearance lowered by a calibrated "
        "relation, Vlavonou et al. 2014)"
    )
    return [
        "steady state: the same schedule taken every day for several days",
        "typical patient of the model (individual concentrations vary, CL/F CV about 21 %)",
        renal,
        "no validated therapeutic concentration range exists for alcohol dependence",
    ]


def _intakes_json(intakes: tuple[Intake, ...], tablet_mg: float) -> list[dict[str, Any]]:
    return [
        {
            "time": format_clock(intake.minute),
            "dose_mg": mg_json(intake.dose_mg),
            "tablets": mg_json(intake.dose_mg / tablet_mg),
        }
        for intake in intakes
    ]


@dataclass(frozen=True)
class _Day:
    """The request on a timeline in minutes after waking (handles bedtimes after midnight)."""

    wake: int
    craving: int
    bedtime: int
    half_mg: float
    halves: int
    max_halves: int


def split_daily_dose(request: SplitRequest) -> Split:
    """Split ``request.daily_mg`` into intakes; see the module docstring for the objectives.

    Raises ``InputError`` (``FieldError``) on a dose that is not positive, above 300 mg/day or
    not a whole number of half tablets; an onset outside waking hours; an onset too early for
    a targeted split; a per-intake maximum that would need more than 6 intakes.
    """
    day = _timeline(request)
    model = load_model(request.model_id)
    unit = steady_state_concentration(
        model,
        [DailyIntake(time=dt.time(0, 0), dose_mg=1.0)],
        np.arange(MINUTES_PER_DAY) / 60.0,
        crcl_ml_min=request.crcl_ml_min,
    )
    if request.mode is SplitMode.TARGETED:
        times, halves = _targeted(day, unit)
    else:
        times, halves = _fractionated(day, unit)
    even_times, even_halves = _even(day)
    intakes = _intakes(day, times, halves)
    even = _intakes(day, even_times, even_halves)
    return Split(
        request=request,
        per_intake_max_mg=day.max_halves * day.half_mg,
        intakes=intakes,
        metrics=_metrics(model, request, day, intakes),
        even_intakes=even,
        even_metrics=_metrics(model, request, day, even),
        model=model,
    )


def _timeline(request: SplitRequest) -> _Day:
    daily = positive_dose("daily_mg", request.daily_mg)
    if daily > HARD_LIMIT_MG:
        raise FieldError(
            "daily_mg", f"{daily:g} mg/day is above the hard limit of {HARD_LIMIT_MG:g}"
        )
    tablet = positive_dose("tablet_mg", request.tablet_mg)
    low, high = TABLET_RANGE_MG
    if not low <= tablet <= high:
        raise FieldError("tablet_mg", f"must be {low:g}-{high:g} mg, got {tablet:g}")
    half = tablet / 2
    halves = round(daily / half)
    if not math.isclose(halves * half, daily, abs_tol=1e-9):
        raise FieldError(
            "daily_mg",
            f"{daily:g} mg cannot be made of half tablets of {tablet:g} mg ({half:g} mg each)",
            code="not_half_tablets",
        )
    max_halves = _max_halves(request.per_intake_max_mg, halves, half)
    wake = _minute(request.wake)
    bedtime = (_minute(request.sleep) - wake) % MINUTES_PER_DAY
    craving = (_minute(request.craving) - wake) % MINUTES_PER_DAY
    hours = f"{format_clock(wake)}-{format_clock(wake + bedtime)}"
    if bedtime == 0:
        raise FieldError("sleep", f"bedtime {hours} equals wake time", code="invalid_time")
    if craving >= bedtime:
        raise FieldError(
            "craving",
            f"craving onset {format_clock(wake + craving)} is outside waking hours {hours}",
            code="outside_waking_hours",
        )
    return _Day(wake, craving, bedtime, half, halves, max_halves)


def _max_halves(per_intake_max_mg: float | None, halves: int, half: float) -> int:
    if per_intake_max_mg is None:
        return math.ceil(halves / 3)
    maximum = positive_dose("per_intake_max_mg", per_intake_max_mg)
    max_halves = math.floor(maximum / half + 1e-9)
    if max_halves < 1 or math.ceil(halves / max_halves) > MAX_INTAKES:
        raise FieldError(
            "per_intake_max_mg",
            f"{maximum:g} mg per intake would need more than {MAX_INTAKES} intakes "
            f"for {halves * half:g} mg",
        )
    return max_halves


def _minute(time: dt.time) -> int:
    return time.hour * 60 + time.minute


def _partitions(total: int, parts: int, largest: int) -> IntArray:
    """Every non-decreasing tuple of ``parts`` integers in [1, largest] summing to ``total``."""

    def grow(left: int, count: int, low: int) -> list[tuple[int, ...]]:
        if count == 0:
            return [()] if left == 0 else []
        return [
            (first, *rest)
            for first in range(low, min(largest, left // count) + 1)
            for rest in grow(left - first, count - 1, first)
        ]

    return np.array(grow(total, parts, 1), dtype=np.int64).reshape(-1, parts)


def _curves(unit: FloatArray, times: IntArray, halves: IntArray, grid: IntArray) -> FloatArray:
    """Concentration on ``grid`` (minutes after waking) for every time pattern and allocation.

    ``times``: (patterns, n) minutes after waking; ``halves``: (allocations, n) doses in
    units of the unit curve's dose. Returns (patterns, allocations, grid).
    """
    lag = (grid[None, None, :] - times[:, :, None]) % MINUTES_PER_DAY
    curves: FloatArray = np.einsum("an,pne->pae", halves.astype(np.float64), unit[lag])
    return curves


def _targeted(day: _Day, unit: FloatArray) -> tuple[IntArray, IntArray]:
    fitting = [day.craving - offset for offset in LAST_INTAKE_OFFSETS_MIN]
    if fitting[-1] < 0:
        raise FieldError(
            "craving",
            f"craving onset {format_clock(day.wake + day.craving)} is less than 60 min after "
            f"waking ({format_clock(day.wake)}): a targeted split needs the last intake 60-90 "
            "min before onset; use the fractionated mode",
            code="too_early_for_targeted",
        )
    window = np.arange(day.craving, day.bedtime + 1, SEARCH_STEP_MIN, dtype=np.int64)
    whole_day = np.arange(0, MINUTES_PER_DAY, SEARCH_STEP_MIN, dtype=np.int64)
    shortest = math.ceil(day.halves / day.max_halves)
    best: tuple[float, int, float, IntArray, IntArray] | None = None
    # More intakes than needed (+1) only move dose away from the craving: not searched.
    for count in range(shortest, min(shortest + 1, MAX_INTAKES, day.halves) + 1):
        allocations = _partitions(day.halves, count, day.max_halves)
        patterns = np.array(
            [
                [last - gap * (count - 1 - i) for i in range(count)]
                for last, gap in itertools.product(fitting, GAPS_MIN)
                if last - gap * (count - 1) >= 0
            ],
            dtype=np.int64,
        ).reshape(-1, count)
        if len(patterns) == 0 or len(allocations) == 0:
            continue
        floors = _curves(unit, patterns, allocations, window).min(axis=2)
        top = floors.max()
        for p, a in zip(*np.nonzero(floors >= top * (1 - TIE_TOLERANCE)), strict=True):
            peak = _curves(unit, patterns[p : p + 1], allocations[a : a + 1], whole_day).max()
            key = (float(floors[p, a]), count, float(peak))
            if best is None or _better(key, best[:3]):
                best = (*key, patterns[p], allocations[a])
    if best is None:
        raise FieldError(
            "craving",
            f"{day.halves * day.half_mg:g} mg needs {shortest} intakes of at most "
            f"{day.max_halves * day.half_mg:g} mg, {MIN_GAP_MIN // 60} h apart, before the "
            f"craving onset {format_clock(day.wake + day.craving)}: there is not enough time "
            f"after waking ({format_clock(day.wake)}); use the fractionated mode",
            code="too_early_for_targeted",
        )
    return best[3], best[4]


def _better(key: tuple[float, int, float], incumbent: tuple[float, int, float]) -> bool:
    """Higher floor beyond the tolerance wins; otherwise fewer intakes, then a lower peak."""
    floor, count, peak = key
    best_floor, best_count, best_peak = incumbent
    if floor > best_floor * (1 + TIE_TOLERANCE):
        return True
    if floor < best_floor * (1 - TIE_TOLERANCE):
        return False
    return (count, peak) < (best_count, best_peak)


def _fractionated(day: _Day, unit: FloatArray) -> tuple[IntArray, IntArray]:
    count = min(MAX_INTAKES, day.halves)
    base, extra = divmod(day.halves, count)
    allocations = np.full((math.comb(count, extra), count), base, dtype=np.int64)
    for row, chosen in enumerate(itertools.combinations(range(count), extra)):
        allocations[row, list(chosen)] += 1
    patterns = np.array(
        [
            _evenly(first, day.bedtime - last, count)
            for first, last in itertools.product(EDGE_OFFSETS_MIN, EDGE_OFFSETS_MIN)
            if first < day.bedtime - last or count == 1
        ],
        dtype=np.int64,
    ).reshape(-1, count)
    whole_day = np.arange(0, MINUTES_PER_DAY, SEARCH_STEP_MIN, dtype=np.int64)
    window = np.arange(day.craving, day.bedtime + 1, SEARCH_STEP_MIN, dtype=np.int64)
    peaks = _curves(unit, patterns, allocations, whole_day).max(axis=2)
    floors = _curves(unit, patterns, allocations, window).min(axis=2)
    tied = peaks <= peaks.min() * (1 + TIE_TOLERANCE)
    p, a = np.unravel_index(np.argmax(np.where(tied, floors, -np.inf)), floors.shape)
    return patterns[p], allocations[a]


def _evenly(first: int, last: int, count: int) -> list[int]:
    """``count`` times from ``first`` to ``last``, inner ones rounded to a quarter hour."""
    if count == 1:
        return [first]
    step = (last - first) / (count - 1)
    inner = [
        first + CLOCK_ROUNDING_MIN * round(step * i / CLOCK_ROUNDING_MIN)
        for i in range(1, count - 1)
    ]
    return [first, *inner, last]


def _even(day: _Day) -> tuple[IntArray, IntArray]:
    count = min(EVEN_SPLIT_INTAKES, day.halves)
    base, extra = divmod(day.halves, count)
    halves = np.array([base + (i < extra) for i in range(count)], dtype=np.int64)
    return np.array(_evenly(0, day.bedtime, count), dtype=np.int64), halves


def _intakes(day: _Day, times: IntArray, halves: IntArray) -> tuple[Intake, ...]:
    return tuple(
        Intake(minute=(day.wake + int(t)) % MINUTES_PER_DAY, dose_mg=float(h) * day.half_mg)
        for t, h in zip(times, halves, strict=True)
    )


def _metrics(
    model: PKModel, request: SplitRequest, day: _Day, intakes: tuple[Intake, ...]
) -> SplitMetrics:
    daily = [DailyIntake(time=intake.time, dose_mg=intake.dose_mg) for intake in intakes]
    clock = np.arange(MINUTES_PER_DAY)
    conc = steady_state_concentration(model, daily, clock / 60.0, crcl_ml_min=request.crcl_ml_min)
    awake = (clock - day.wake) % MINUTES_PER_DAY
    window = (awake >= day.craving) & (awake <= day.bedtime)
    peak = int(np.argmax(conc))
    return SplitMetrics(
        conc_at_craving_mg_l=float(conc[(day.wake + day.craving) % MINUTES_PER_DAY]),
        min_onset_to_bedtime_mg_l=float(conc[window].min()),
        peak_mg_l=float(conc[peak]),
        peak_minute=peak,
    )
