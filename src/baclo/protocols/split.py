"""Daily split: when to take the day's dose, in the patient's tablets, using steady-state kinetics.

Two habits from Association Baclofène (2014, "Heures de prises"), each made an explicit objective:

``targeted``
    Concentrate the intakes before the daily craving onset, the last one 60-90 min before it
    (Association Baclofène 2014: "la dernière 1h à 1h30 avant le craving"), so that the
    concentration is as high as possible from onset to bedtime. Objective: **maximise the minimum
    steady-state concentration over [onset, bedtime]**, subject to: every intake between waking and
    onset, the last one 60, 75 or 90 min before onset, at least 2 h between intakes (so that one
    intake has peaked, 30 min-1 h 30 after it, before the next: no stacked peaks), at most 6
    intakes, none above the per-intake maximum (default a third of the daily dose rounded up to the
    tablets' resolution, so that three intakes always suffice), doses the tablets make that never
    decrease through the day (the heaviest intakes come last, closest to the craving). Ties (within
    0.1 %) go to fewer intakes, then to the lower peak.

``fractionated``
    For people with strong side effects (Association Baclofène 2014): small, equal-as-possible doses
    spread over waking hours. Objective: **minimise the steady-state peak**, using as many intakes
    as allowed (up to 6, never less than a half tablet each), the first within an hour of waking and
    the last within an hour of bedtime, evenly spaced. Ties (within 0.1 %) go to the higher minimum
    over [onset, bedtime].

The search is exhaustive over that small discrete space and vectorised: because the model is
linear and time-invariant (one compartment, first order; Simon et al. 2018, linear up to
300 mg/day), the steady-state curve of any schedule is a sum of shifted, scaled copies of the
curve of 1 mg taken daily at midnight, which the PK engine computes once per call. The numbers
reported for the chosen split are then recomputed by the engine itself.

Two safety guards bound every split, each a documented default the prescriber may change
(:data:`DEFAULT_MAX_INTAKE_MG`, :data:`DEFAULT_MAX_PEAK_MG_L`): an absolute maximum per intake,
and a maximum typical steady-state peak. When the targeted split's best schedule peaks above
the guard, the search widens (up to 6 intakes, wider gaps, still every intake before the onset
and the last one 60-90 min before it) and keeps the highest floor among the schedules under the
guard: the excess moves into earlier intakes instead of stacking up before the craving, and
the result says so in its ``notes``. When no targeted schedule meets the guard, the one with the
lowest peak is chosen and the warning says whether the fractionated mode would meet it.

Each result explains itself against an *even split*: the same dose in three intakes as equal
as possible (any extra on the earliest) at waking, mid-way, and bedtime; more intakes when the
maximum per intake or the peak guard asks for them.
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
from baclo.pk.renal import mild_note
from baclo.pk.simulation import INTOXICATION_MG_L
from baclo.protocols.inputs import MINUTES_PER_DAY, format_clock, mg_json, positive_dose
from baclo.protocols.tablets import DEFAULT_TABLETS, TabletSet
from baclo.protocols.titration import HARD_LIMIT_MG
from baclo.sources import cite

__all__ = [
    "DEFAULT_MAX_INTAKE_MG",
    "DEFAULT_MAX_PEAK_MG_L",
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
BoolArray = npt.NDArray[np.bool_]

DEFAULT_MAX_INTAKE_MG = 50.0
"""Absolute maximum of one intake (mg) unless the prescriber sets another.

The label's single-dose practice stays well below it: Baclocur (``baclocur-smpc-2018``, section
4.2) gives at most 80 mg/day in 2 to 4 intakes (20-40 mg each). 50 mg is the largest single dose
whose kinetics is published in healthy volunteers, and it already peaks at about 0.74 mg/L, the
range of reported intoxications (``foroutan-2003``); severe intoxications (coma, delirium,
seizures) follow single ingestions of 200 mg or more (``leung-2006``, ``sein-anand-2017``). 50 mg
keeps the hard limit of 300 mg/day possible in 6 intakes.
"""

DEFAULT_MAX_PEAK_MG_L = INTOXICATION_MG_L
"""Maximum typical steady-state peak (mg/L) unless the prescriber sets another: 0.7 mg/L, the
lowest plasma level at which an intoxication (coma) has been reported (``brvar-2007``). Not a
validated threshold, and the typical patient of the model, not this patient: a guard against
stacking the day's dose, not a therapeutic target."""

GUARD_SOURCES = {
    "max_intake_mg": cite("baclocur-smpc-2018", "foroutan-2003", "leung-2006", "sein-anand-2017"),
    "max_peak_mg_l": cite("brvar-2007"),
}
"""Where the default guards come from, as a page or the JSON shows it."""

MIN_STEP_MG = 2.5
"""The split searches doses in steps of the tablets' resolution; finer than 2.5 mg (a half of a
5 mg tablet) would make the exhaustive search explode for no takeable benefit."""
MAX_INTAKES = 6
LAST_INTAKE_OFFSETS_MIN = (90, 75, 60)
"""Association Baclofène (2014): the last intake 1 h to 1 h 30 before the craving onset."""
MIN_GAP_MIN = 120
GAPS_MIN = (MIN_GAP_MIN, 150, 180)
GUARDED_GAP_STEP_MIN = 30
"""When the peak guard binds, intakes may be spread further apart, in steps of this."""
EDGE_OFFSETS_MIN = (0, 30, 60)
EVEN_SPLIT_INTAKES = 3
TIE_TOLERANCE = 1e-3
GUARD_MARGIN = 1e-3
"""The search compares peaks on a 5-min grid; it keeps this relative margin under the guard so
that the peak the engine reports on a 1-min grid is under it too."""
SEARCH_STEP_MIN = 5
CLOCK_ROUNDING_MIN = 15
"""Resolution of the concentration grid the search compares candidates on."""


class SplitMode(enum.StrEnum):
    TARGETED = "targeted"
    FRACTIONATED = "fractionated"


@dataclass(frozen=True, kw_only=True)
class SplitRequest:
    """What the split needs; clock times are local wall-clock times.

    ``per_intake_max_mg`` shapes the targeted search (default a third of the daily dose, so that
    three intakes suffice); ``max_intake_mg`` and ``max_peak_mg_l`` are the safety guards, each
    a documented default that the prescriber may change.
    """

    daily_mg: float
    craving: dt.time
    mode: SplitMode = SplitMode.TARGETED
    wake: dt.time = dt.time(7, 0)
    sleep: dt.time = dt.time(23, 0)
    tablets: TabletSet = DEFAULT_TABLETS
    per_intake_max_mg: float | None = None
    max_intake_mg: float = DEFAULT_MAX_INTAKE_MG
    max_peak_mg_l: float = DEFAULT_MAX_PEAK_MG_L
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
    """A split, the numbers that explain it, and the even split it is compared with.

    ``notes`` say how a guard changed the split (dose moved into earlier intakes, more intakes);
    :attr:`warnings` say what the patient and prescriber must watch.
    """

    request: SplitRequest
    per_intake_max_mg: float
    intakes: tuple[Intake, ...]
    metrics: SplitMetrics
    even_intakes: tuple[Intake, ...]
    even_metrics: SplitMetrics
    model: PKModel
    notes: tuple[str, ...] = ()
    fractionated_peak_mg_l: float | None = None
    """In targeted mode when the peak guard cannot be met: the fractionated split's peak."""

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
        mild = mild_note(crcl, self.model)
        if mild is not None:
            found.append(mild)
        peak = self.metrics.peak_mg_l
        if peak > self.request.max_peak_mg_l:
            found.append(self._guard_not_met())
        elif peak >= INTOXICATION_MG_L:
            found.append(
                f"the typical steady-state peak, {peak:.2f} mg/L, is in the range where "
                f"intoxications have been reported (from about {INTOXICATION_MG_L:g} mg/L; not a "
                "validated threshold), under the prescriber's guard of "
                f"{self.request.max_peak_mg_l:g} mg/L"
            )
        return tuple(found)

    def _guard_not_met(self) -> str:
        request, peak = self.request, self.metrics.peak_mg_l
        said = (
            f"the typical steady-state peak, {peak:.2f} mg/L, is above the peak guard of "
            f"{request.max_peak_mg_l:g} mg/L (intoxications have been reported from about "
            f"{INTOXICATION_MG_L:g} mg/L)"
        )
        if request.mode is SplitMode.FRACTIONATED:
            return (
                f"{said}; this fractionated split already has the lowest peak baclo can find for "
                f"{request.daily_mg:g} mg/day: ask the prescriber about the daily dose"
            )
        fractionated = self.fractionated_peak_mg_l
        if fractionated is not None and fractionated <= request.max_peak_mg_l:
            return (
                f"{said}; no targeted split of {request.daily_mg:g} mg/day stays under it, this "
                f"one has the lowest peak: the fractionated mode keeps it at {fractionated:.2f} "
                "mg/L"
            )
        return (
            f"{said}; no split of {request.daily_mg:g} mg/day stays under it (this one has the "
            "lowest targeted peak): ask the prescriber about the daily dose"
        )

    def to_dict(self) -> dict[str, Any]:
        """The JSON of ``baclo split --format json``."""
        request = self.request
        return {
            "mode": request.mode.value,
            "daily_mg": mg_json(request.daily_mg),
            "intakes": _intakes_json(self.intakes, request.tablets),
            **self.metrics.to_dict(),
            "even_split": {
                "intakes": _intakes_json(self.even_intakes, request.tablets),
                **self.even_metrics.to_dict(),
            },
            "craving": request.craving.strftime("%H:%M"),
            "wake": request.wake.strftime("%H:%M"),
            "sleep": request.sleep.strftime("%H:%M"),
            "tablets": request.tablets.to_dict(),
            "per_intake_max_mg": mg_json(self.per_intake_max_mg),
            "guards": {
                "max_intake_mg": mg_json(request.max_intake_mg),
                "max_peak_mg_l": request.max_peak_mg_l,
                "sources": GUARD_SOURCES,
            },
            "objective": OBJECTIVES[request.mode],
            "model": {
                "id": self.model.id,
                "name": self.model.name,
                "structure": self.model.structure,
                "citation": self.model.citation,
            },
            "assumptions": assumptions(request.crcl_ml_min),
            "notes": list(self.notes),
            "warnings": list(self.warnings),
        }


OBJECTIVES = {
    SplitMode.TARGETED: (
        "maximise the minimum concentration from craving onset to bedtime; intakes between "
        "waking and onset, the last 60-90 min before onset, 2 h apart or more, at most 6, "
        "none above the per-intake maximum, the typical peak under the guard"
    ),
    SplitMode.FRACTIONATED: (
        "minimise the peak concentration with up to 6 equal-as-possible intakes spread evenly "
        "over waking hours, none above the per-intake maximum"
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


def _intakes_json(intakes: tuple[Intake, ...], tablets: TabletSet) -> list[dict[str, Any]]:
    rows = []
    for intake in intakes:
        text = tablets.describe(intake.dose_mg)
        rows.append(
            {
                "time": format_clock(intake.minute),
                "dose_mg": mg_json(intake.dose_mg),
                "tablets": text.en,
                "tablets_fr": text.fr,
            }
        )
    return rows


@dataclass(frozen=True)
class _Day:
    """The request on a timeline in minutes after waking (handles bedtimes after midnight).

    Doses are counted in ``unit_mg`` (the tablets' resolution); ``takeable[n]`` says whether
    ``n`` units can be made of the tablets.
    """

    wake: int
    craving: int
    bedtime: int
    unit_mg: float
    units: int
    max_units: int
    cap_units: int
    takeable: BoolArray


@dataclass(frozen=True)
class _Candidates:
    """Intake patterns and dose allocations of one number of intakes, with their numbers."""

    patterns: IntArray
    allocations: IntArray
    floors: FloatArray
    peaks: FloatArray


def split_daily_dose(request: SplitRequest) -> Split:
    """Split ``request.daily_mg`` into intakes; see the module docstring for the objectives.

    Raises ``InputError`` (``FieldError``) on a dose that is not positive, above 300 mg/day or
    that the tablets cannot make; an onset outside waking hours; an onset too early for a
    targeted split; a per-intake maximum or cap that would need more than 6 intakes.
    """
    day = _timeline(request)
    model = load_model(request.model_id)
    unit = steady_state_concentration(
        model,
        [DailyIntake(time=dt.time(0, 0), dose_mg=1.0)],
        np.arange(MINUTES_PER_DAY) / 60.0,
        crcl_ml_min=request.crcl_ml_min,
    )
    guard = request.max_peak_mg_l * (1 - GUARD_MARGIN) / day.unit_mg
    notes = list(_cap_notes(request, day))
    fractionated_peak: float | None = None
    if request.mode is SplitMode.TARGETED:
        times, doses, guard_notes = _targeted(day, unit, guard)
        notes += guard_notes
        if guard_notes and _peak(unit, day, times, doses) > guard:
            fractionated_peak = _fractionated_peak(day, unit)
    else:
        times, doses = _fractionated(day, unit)
    even_times, even_doses = _even(day, unit, guard)
    intakes = _intakes(day, times, doses)
    even = _intakes(day, even_times, even_doses)
    return Split(
        request=request,
        per_intake_max_mg=day.max_units * day.unit_mg,
        intakes=intakes,
        metrics=_metrics(model, request, day, intakes),
        even_intakes=even,
        even_metrics=_metrics(model, request, day, even),
        model=model,
        notes=tuple(notes),
        fractionated_peak_mg_l=fractionated_peak,
    )


def _fractionated_peak(day: _Day, unit: FloatArray) -> float | None:
    """The fractionated split's peak (mg/L), to say whether that mode would meet the guard."""
    try:
        return _peak(unit, day, *_fractionated(day, unit)) * day.unit_mg
    except FieldError:
        return None


def _timeline(request: SplitRequest) -> _Day:
    daily = positive_dose("daily_mg", request.daily_mg)
    if daily > HARD_LIMIT_MG:
        raise FieldError(
            "daily_mg", f"{daily:g} mg/day is above the hard limit of {HARD_LIMIT_MG:g}"
        )
    tablets = request.tablets
    unit = tablets.step_mg
    if unit < MIN_STEP_MG:
        raise FieldError(
            "tablets",
            f"{tablets.label().en} make doses in steps of {unit:g} mg; the split needs steps of "
            f"{MIN_STEP_MG:g} mg or more",
            code="too_fine",
        )
    tablets.check(daily, field="daily_mg")
    units = round(daily / unit)
    _check_guards(request)
    cap_units = math.floor(request.max_intake_mg / unit + 1e-9)
    max_units = min(_max_units(request.per_intake_max_mg, units, tablets), cap_units)
    if math.ceil(units / max_units) > MAX_INTAKES:
        field = "max_intake_mg" if max_units == cap_units else "per_intake_max_mg"
        raise FieldError(
            field,
            f"{max_units * unit:g} mg per intake would need more than {MAX_INTAKES} intakes "
            f"for {daily:g} mg",
            code="too_many_intakes",
        )
    takeable = np.array([tablets.can_make(n * unit) for n in range(max_units + 1)])
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
    return _Day(wake, craving, bedtime, unit, units, max_units, cap_units, takeable)


def _check_guards(request: SplitRequest) -> None:
    maximum = positive_dose("max_intake_mg", request.max_intake_mg)
    request.tablets.check_cap(maximum, field="max_intake_mg")
    peak = request.max_peak_mg_l
    if not math.isfinite(peak) or peak <= 0:
        raise FieldError(
            "max_peak_mg_l", f"must be a concentration above 0 mg/L, got {peak:g}", code="range"
        )


def _max_units(per_intake_max_mg: float | None, units: int, tablets: TabletSet) -> int:
    unit = tablets.step_mg
    if per_intake_max_mg is None:
        # A third of the dose, up to the next dose the tablets make: 20 mg of unscored 20 and
        # 25 mg tablets goes in 5 mg units, but no intake of 10 mg can be taken.
        return round(tablets.round_up(math.ceil(units / 3) * unit) / unit)
    maximum = positive_dose("per_intake_max_mg", per_intake_max_mg)
    max_units = math.floor(maximum / unit + 1e-9)
    if max_units < 1 or math.ceil(units / max_units) > MAX_INTAKES:
        raise FieldError(
            "per_intake_max_mg",
            f"{maximum:g} mg per intake would need more than {MAX_INTAKES} intakes "
            f"for {units * unit:g} mg",
        )
    return max_units


def _cap_notes(request: SplitRequest, day: _Day) -> list[str]:
    searched = _max_units(request.per_intake_max_mg, day.units, request.tablets)
    if day.cap_units >= searched:
        return []
    return [
        f"the maximum per intake, {request.max_intake_mg:g} mg, binds: "
        f"{day.units * day.unit_mg:g} mg/day needs {math.ceil(day.units / day.cap_units)} "
        "intakes or more"
    ]


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


def _targeted(day: _Day, unit: FloatArray, guard: float) -> tuple[IntArray, IntArray, list[str]]:
    """The targeted split, and notes when the peak guard moved dose into earlier intakes.

    First the plain search (the fewest intakes the maximum allows, or one more, 2-3 h apart).
    When its best split peaks above the guard, the search widens to every count up to 6 and
    wider gaps, and keeps the best floor among the splits under the guard; when none is, the
    split with the lowest peak.
    """
    fitting = [day.craving - offset for offset in LAST_INTAKE_OFFSETS_MIN]
    if fitting[-1] < 0:
        raise FieldError(
            "craving",
            f"craving onset {format_clock(day.wake + day.craving)} is less than 60 min after "
            f"waking ({format_clock(day.wake)}): a targeted split needs the last intake 60-90 "
            "min before onset; use the fractionated mode",
            code="too_early_for_targeted",
        )
    shortest = math.ceil(day.units / day.max_units)
    # More intakes than needed (+1) only move dose away from the craving: not searched unless
    # the peak guard asks for it.
    plain = [
        _targeted_candidates(day, unit, count, fitting, GAPS_MIN)
        for count in range(shortest, min(shortest + 1, MAX_INTAKES, day.units) + 1)
    ]
    best = _best_floor(plain)
    if best is None:
        raise FieldError(
            "craving",
            f"{day.units * day.unit_mg:g} mg needs {shortest} intakes of at most "
            f"{day.max_units * day.unit_mg:g} mg, {MIN_GAP_MIN // 60} h apart, before the "
            f"craving onset {format_clock(day.wake + day.craving)}: there is not enough time "
            f"after waking ({format_clock(day.wake)}); use the fractionated mode",
            code="too_early_for_targeted",
        )
    times, doses = best
    if _peak(unit, day, times, doses) <= guard:
        return times, doses, []
    gaps = tuple(range(MIN_GAP_MIN, day.craving + 1, GUARDED_GAP_STEP_MIN))
    widened = [
        _targeted_candidates(day, unit, count, fitting, gaps)
        for count in range(shortest, min(MAX_INTAKES, day.units) + 1)
    ]
    under = _best_floor(widened, guard=guard)
    before = _describe(day, times, doses)
    if under is not None:
        return (
            *under,
            [
                "the peak guard binds: dose moved into earlier intakes "
                f"({_describe(day, *under)} instead of {before})"
            ],
        )
    lowest = _lowest_peak(widened)
    return *lowest, [
        f"the peak guard cannot be met: lowest peak chosen ({_describe(day, *lowest)})"
    ]


def _targeted_candidates(
    day: _Day, unit: FloatArray, count: int, fitting: list[int], gaps: tuple[int, ...]
) -> _Candidates:
    allocations = _partitions(day.units, count, day.max_units)
    allocations = allocations[day.takeable[allocations].all(axis=1)]
    patterns = np.array(
        [
            [last - gap * (count - 1 - i) for i in range(count)]
            for last, gap in itertools.product(fitting, gaps)
            if last - gap * (count - 1) >= 0 and (count > 1 or gap == gaps[0])
        ],
        dtype=np.int64,
    ).reshape(-1, count)
    window = np.arange(day.craving, day.bedtime + 1, SEARCH_STEP_MIN, dtype=np.int64)
    whole_day = np.arange(0, MINUTES_PER_DAY, SEARCH_STEP_MIN, dtype=np.int64)
    shape = (len(patterns), len(allocations))
    floors, peaks = np.empty(shape), np.empty(shape)
    # One pattern at a time keeps memory at (allocations x grid).
    for p in range(len(patterns)):
        floors[p] = _curves(unit, patterns[p : p + 1], allocations, window)[0].min(axis=1)
        peaks[p] = _curves(unit, patterns[p : p + 1], allocations, whole_day)[0].max(axis=1)
    return _Candidates(patterns, allocations, floors, peaks)


def _best_floor(
    groups: list[_Candidates], guard: float = math.inf
) -> tuple[IntArray, IntArray] | None:
    """The highest floor among splits peaking at or under ``guard``; ties (within 0.1 %) go to
    fewer intakes, then to the lower peak."""
    best: tuple[float, int, float, IntArray, IntArray] | None = None
    for group in groups:
        allowed = np.where(group.peaks <= guard, group.floors, -np.inf)
        if allowed.size == 0 or not np.isfinite(allowed.max()):
            continue
        top = allowed.max()
        for p, a in zip(*np.nonzero(allowed >= top * (1 - TIE_TOLERANCE)), strict=True):
            key = (float(group.floors[p, a]), len(group.patterns[p]), float(group.peaks[p, a]))
            if best is None or _better(key, best[:3]):
                best = (*key, group.patterns[p], group.allocations[a])
    return None if best is None else (best[3], best[4])


def _lowest_peak(groups: list[_Candidates]) -> tuple[IntArray, IntArray]:
    """The split with the lowest peak; ties (within 0.1 %) go to the higher floor."""
    filled = [g for g in groups if g.peaks.size]
    lowest = min(float(g.peaks.min()) for g in filled)
    best: tuple[float, IntArray, IntArray] | None = None
    for group in filled:
        tied = group.peaks <= lowest * (1 + TIE_TOLERANCE)
        floors = np.where(tied, group.floors, -np.inf)
        p, a = np.unravel_index(np.argmax(floors), floors.shape)
        if best is None or floors[p, a] > best[0]:
            best = (float(floors[p, a]), group.patterns[p], group.allocations[a])
    assert best is not None  # the plain search found a split, so the widened one has one too
    return best[1], best[2]


def _better(key: tuple[float, int, float], incumbent: tuple[float, int, float]) -> bool:
    """Higher floor beyond the tolerance wins; otherwise fewer intakes, then a lower peak."""
    floor, count, peak = key
    best_floor, best_count, best_peak = incumbent
    if floor > best_floor * (1 + TIE_TOLERANCE):
        return True
    if floor < best_floor * (1 - TIE_TOLERANCE):
        return False
    return (count, peak) < (best_count, best_peak)


def _peak(unit: FloatArray, day: _Day, times: IntArray, doses: IntArray) -> float:
    """Peak on the search grid, in the unit curve's units per dose unit."""
    whole_day = np.arange(0, MINUTES_PER_DAY, SEARCH_STEP_MIN, dtype=np.int64)
    return float(_curves(unit, times[None, :], doses[None, :], whole_day).max())


def _describe(day: _Day, times: IntArray, doses: IntArray) -> str:
    return ", ".join(
        f"{format_clock(day.wake + int(t))} {int(d) * day.unit_mg:g} mg"
        for t, d in zip(times, doses, strict=True)
    )


def _equal_allocations(day: _Day, count: int) -> IntArray:
    """Every allocation of the dose into ``count`` takeable intakes as equal as possible."""
    base, extra = divmod(day.units, count)
    allocations = np.full((math.comb(count, extra), count), base, dtype=np.int64)
    for row, chosen in enumerate(itertools.combinations(range(count), extra)):
        allocations[row, list(chosen)] += 1
    allocations = allocations[(allocations <= day.max_units).all(axis=1)]
    return allocations[day.takeable[allocations].all(axis=1)]


def _fractionated(day: _Day, unit: FloatArray) -> tuple[IntArray, IntArray]:
    # The most intakes whose equal-as-possible doses the tablets make (gaps in an unscored
    # set can forbid the smallest ones).
    for count in range(min(MAX_INTAKES, day.units), 0, -1):
        allocations = _equal_allocations(day, count)
        if len(allocations):
            break
    else:
        raise _no_takeable_split(day)
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


def _no_takeable_split(day: _Day) -> FieldError:
    return FieldError(
        "daily_mg",
        f"{day.units * day.unit_mg:g} mg cannot be split into intakes of at most "
        f"{day.max_units * day.unit_mg:g} mg that the tablets make",
        code="not_takeable",
    )


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


def _even(day: _Day, unit: FloatArray, guard: float) -> tuple[IntArray, IntArray]:
    """Three intakes from waking to bedtime, the extra units on the earliest; more intakes
    (up to 6) when the maximum per intake asks for them or the peak guard does (the web shows
    this split until a craving onset is known, so it is guarded like the others). When no count
    meets the guard, the one with the lowest peak."""
    fewest = max(min(EVEN_SPLIT_INTAKES, day.units), math.ceil(day.units / day.max_units))
    candidates: list[tuple[IntArray, IntArray]] = []
    for count in (*range(fewest, min(MAX_INTAKES, day.units) + 1), *range(fewest - 1, 0, -1)):
        allocations = _equal_allocations(day, count)
        if not len(allocations):
            continue
        # the first allocation in combination order puts the extra units earliest
        even = np.array(_evenly(0, day.bedtime, count), dtype=np.int64), allocations[0]
        if _peak(unit, day, *even) <= guard:
            return even
        candidates.append(even)
    if not candidates:
        raise _no_takeable_split(day)
    return min(candidates, key=lambda even: _peak(unit, day, *even))


def _intakes(day: _Day, times: IntArray, doses: IntArray) -> tuple[Intake, ...]:
    return tuple(
        Intake(minute=(day.wake + int(t)) % MINUTES_PER_DAY, dose_mg=float(n) * day.unit_mg)
        for t, n in zip(times, doses, strict=True)
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
