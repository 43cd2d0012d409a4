"""The PK curve at the patient's declared creatinine clearance, next to normal kidneys.

Offered by the renal rule's one-tap action (:mod:`baclo.safety.renal`): the same daily schedule
simulated twice with :func:`baclo.pk.simulate` (the engine's renal relation, a calibration of
Vlavonou et al. 2014), drawn as two lines of the last simulated day, with peak, trough and AUC.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from baclo.errors import InputError
from baclo.pk import DailyIntake, simulate
from baclo.pk.renal import mild_note_text
from baclo.web.care import services as care_services
from baclo.web.journal import services as journal_services
from baclo.web.pages import patient_required
from baclo.web.safety.models import HealthProfile
from baclo.web.wording import localized

#: The steady state is reached within a few half-lives (~4.4 h): a week is plenty.
SIMULATED_DAYS = 7
#: Only the typical curve is drawn; a small band keeps the page fast.
BAND_SUBJECTS = 100
_WIDTH, _HEIGHT = 360.0, 160.0


def _schedule(patient: Any, today: dt.date) -> list[DailyIntake]:
    """Today's logged intakes, else today's planned ones."""
    entry = journal_services.get_entry(patient, today)
    intakes = [] if entry is None else entry.data.get("intakes", [])
    if not intakes:
        plan = care_services.readable_plan(patient)
        intakes = [] if plan is None else care_services.today_plan(plan, today)["intakes"]
    return [
        DailyIntake(time=dt.time.fromisoformat(i["time"]), dose_mg=float(i["dose_mg"]))
        for i in intakes
        if float(i["dose_mg"]) > 0
    ]


def _last_day(sim: Any) -> list[tuple[float, float]]:
    start = (sim.days - 1) * 24.0
    return [
        (float(t) - start, float(c) * 1000)
        for t, c in zip(sim.t_h, sim.conc_mg_l, strict=True)
        if start <= float(t) <= start + 24.0
    ]


def _points(curve: list[tuple[float, float]], top: float) -> str:
    return " ".join(f"{h / 24 * _WIDTH:.1f},{_HEIGHT - c / top * _HEIGHT:.1f}" for h, c in curve)


@patient_required
@require_GET
def kidney(request: HttpRequest) -> HttpResponse:
    profile = HealthProfile.objects.filter(patient=request.user).first()
    crcl = None if profile is None else profile.crcl_ml_min
    daily = _schedule(request.user, journal_services.local_today())
    note = mild_note_text(crcl)
    context: dict[str, Any] = {
        "crcl": crcl,
        "daily": daily,
        "rows": None,
        "error": None,
        "mild_note": None if note is None else localized(note, capitalized=True),
    }
    if crcl is not None and daily:
        try:
            normal = simulate(daily, days=SIMULATED_DAYS, n_subjects=BAND_SUBJECTS)
            reduced = simulate(
                daily, days=SIMULATED_DAYS, crcl_ml_min=crcl, n_subjects=BAND_SUBJECTS
            )
        except InputError as error:
            context["error"] = str(error)
        else:
            curves = [_last_day(normal), _last_day(reduced)]
            top = max(c for curve in curves for _, c in curve) * 1.1 or 1.0
            context.update(
                rows=[("normal", normal.last_day), ("reduced", reduced.last_day)],
                ratio=reduced.last_day.auc_mg_h_l / normal.last_day.auc_mg_h_l,
                normal_points=_points(curves[0], top),
                reduced_points=_points(curves[1], top),
                width=_WIDTH,
                height=_HEIGHT,
                top=round(top),
            )
    return render(request, "safety/kidney.html", context)
