"""Individualise a patient from measured levels and the intakes logged in their journal.

The medical logic (priors, residual error, refusals) is :func:`baclo.pk.bayes.individualise`;
this module reads the journal, turns times into the patient's local time line, stores the
result and prepares the curves of the prescriber's PK card.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from baclo.errors import FieldError, ValidationError
from baclo.journal import parse_stored_entry
from baclo.pk import DailyIntake, load_model
from baclo.pk.bayes import LevelUnit, MeasuredLevel, TimedIntake, individual_band, individualise
from baclo.web.accounts.models import User
from baclo.web.journal.charts import day_curve
from baclo.web.journal.models import JournalEntry
from baclo.web.levels.models import IndividualEstimate, latest_for
from baclo.web.safety.models import HealthProfile

#: Intakes older than this before the last level are not read: after 14 days (more than 50
#: half-lives) they leave nothing in the blood.
LOOKBACK_DAYS = 14
MAX_SAMPLES = 10
SAMPLE_FIELDS = frozenset({"taken_at", "value", "unit"})
#: The PK card: three days of the plan's split, a point every 15 minutes, 500 posterior draws.
CARD_DAYS = 3
CARD_STEP_MIN = 15
CARD_SUBJECTS = 500
CARD_SEED = 2026


def local_now() -> dt.datetime:
    """The present as a naive local datetime: the journal's clock times are local."""
    return timezone.localtime().replace(tzinfo=None, second=0, microsecond=0)


def _local(moment: dt.datetime) -> dt.datetime:
    if timezone.is_aware(moment):
        return timezone.localtime(moment).replace(tzinfo=None)
    return moment


def parse_samples(value: Any) -> list[MeasuredLevel]:
    """``[{"taken_at": ISO, "value": N, "unit": "ng/mL"|"mg/L"}]``; every bad field at once."""
    if not isinstance(value, list) or not value:
        raise FieldError("samples", "must be a non-empty list of levels", code="required")
    if len(value) > MAX_SAMPLES:
        raise FieldError("samples", f"at most {MAX_SAMPLES} levels", code="too_many")
    errors: list[FieldError] = []
    samples = []
    for index, item in enumerate(value):
        sample = _sample(item, f"samples[{index}]", errors)
        if sample is not None:
            samples.append(sample)
    if errors:
        raise ValidationError(errors)
    return samples


def _sample(item: Any, path: str, errors: list[FieldError]) -> MeasuredLevel | None:
    if not isinstance(item, dict):
        errors.append(FieldError(path, "must be an object", code="type"))
        return None
    before = len(errors)
    errors.extend(
        FieldError(f"{path}.{key}", "unknown field", code="unknown")
        for key in sorted(set(item) - SAMPLE_FIELDS)
    )
    taken_at = None
    try:
        taken_at = _local(dt.datetime.fromisoformat(str(item.get("taken_at"))))
    except ValueError:
        errors.append(
            FieldError(
                f"{path}.taken_at",
                f"expected a date and time YYYY-MM-DDTHH:MM, got {item.get('taken_at')!r}",
                code="format",
            )
        )
    value = item.get("value")
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        errors.append(FieldError(f"{path}.value", f"must be a number, got {value!r}", code="type"))
    unit = item.get("unit", LevelUnit.NG_ML.value)
    if unit not in {u.value for u in LevelUnit}:
        errors.append(
            FieldError(f"{path}.unit", f"must be ng/mL or mg/L, got {unit!r}", code="choice")
        )
    if len(errors) > before or taken_at is None:
        return None
    return MeasuredLevel(taken_at=taken_at, value=float(value), unit=LevelUnit(unit))


def journal_intakes(patient: User, since: dt.date, until: dt.date) -> list[TimedIntake]:
    """Every intake the patient logged from ``since`` to ``until`` (local date and time)."""
    entries = JournalEntry.objects.filter(patient=patient, date__gte=since, date__lte=until)
    intakes = []
    for entry in entries:
        for intake in parse_stored_entry(entry.data, entry_date=entry.date).intakes:
            moment = dt.datetime.combine(entry.date, intake.time)
            intakes.append(TimedIntake(taken_at=moment, dose_mg=intake.dose_mg))
    return intakes


def _crcl(patient: User) -> float | None:
    value = HealthProfile.objects.filter(patient=patient).values_list("crcl_ml_min", flat=True)
    found = value.first()
    return None if found is None else float(found)


def individualise_patient(
    patient: User,
    samples: Sequence[MeasuredLevel],
    *,
    by: User,
    units_confirmed: bool = False,
    model_id: str | None = None,
) -> IndividualEstimate:
    """Estimate from ``samples`` and the journal, store it, return the stored row.

    Raises the core's ValidationError (nothing stored) for refused levels or intakes.
    """
    last = max(s.taken_at for s in samples).date()
    intakes = journal_intakes(patient, last - dt.timedelta(days=LOOKBACK_DAYS), last)
    if not intakes:
        raise FieldError(
            "intakes",
            f"no intake logged in the journal in the {LOOKBACK_DAYS} days before the level",
            code="required",
        )
    crcl = _crcl(patient)
    model = load_model(model_id)
    result = individualise(
        model, intakes, samples, now=local_now(), crcl_ml_min=crcl, units_confirmed=units_confirmed
    )
    mode = result.mode
    with transaction.atomic():
        return IndividualEstimate.objects.create(
            patient=patient,
            created_by=by,
            model_id=model.id,
            samples=[
                {"taken_at": s.taken_at.isoformat(), "value": s.value, "unit": s.unit.value}
                for s in samples
            ],
            result=result.to_dict(),
            ka_per_h=mode["ka"],
            cl_l_per_h=mode["cl"],
            v_l=mode["v"],
            crcl_ml_min=crcl,
        )


def estimate_payload(estimate: IndividualEstimate) -> dict[str, Any]:
    """The API's answer: the stored row's id, time and levels, and the core's result."""
    return {
        "id": estimate.pk,
        "created_at": estimate.created_at.isoformat(),
        "levels": estimate.samples,
        **estimate.result,
    }


def _at_clock(points: Sequence[Mapping[str, Any]], clock: str | None, key: str) -> float | None:
    if clock is None:
        return None
    time = dt.time.fromisoformat(clock)
    hour = time.hour + time.minute / 60
    return float(min(points, key=lambda p: abs(p["hour"] - hour))[key])


def pk_card(
    patient: User, intakes: Sequence[Mapping[str, Any]], onset: str | None
) -> dict[str, Any] | None:
    """The latest estimate beside the population, for the plan's daily ``intakes``.

    Last of ``CARD_DAYS`` days (ng/mL, every 15 minutes): the population's typical curve and
    5-95% band (between-subject variability) and the patient's MAP curve and 5-95% band (what
    the levels leave uncertain); the level at craving onset and the peak under each.
    """
    estimate = latest_for(patient)
    if estimate is None:
        return None
    card: dict[str, Any] = {"estimate": estimate, "parameters": estimate.parameters}
    if not intakes:
        return card
    population = day_curve(intakes)
    daily = [
        DailyIntake(time=dt.time.fromisoformat(str(i["time"])), dose_mg=float(i["dose_mg"]))
        for i in intakes
    ]
    curve, band = individual_band(
        estimate.summary(),
        daily,
        days=CARD_DAYS,
        step_min=CARD_STEP_MIN,
        n_subjects=CARD_SUBJECTS,
        seed=CARD_SEED,
    )
    steps = 24 * 60 // CARD_STEP_MIN
    last = slice((CARD_DAYS - 1) * steps, CARD_DAYS * steps)
    points = [
        {
            **p,
            "individual": round(float(c) * 1000, 1),
            "i5": round(float(lo) * 1000, 1),
            "i95": round(float(hi) * 1000, 1),
        }
        for p, c, lo, hi in zip(
            [] if population is None else population["points"],
            curve[last],
            band.p5[last],
            band.p95[last],
            strict=True,
        )
    ]
    card.update(
        points=points,
        chart={"points": points},
        onset=onset,
        population_at_onset=_at_clock(points, onset, "typical"),
        individual_at_onset=_at_clock(points, onset, "individual"),
        population_peak=max(points, key=lambda p: p["typical"]),
        individual_peak=max(points, key=lambda p: p["individual"]),
        n_subjects=CARD_SUBJECTS,
    )
    return card
