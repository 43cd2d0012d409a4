"""Safety use cases shared by the pages and the API: run the rules, store, act on alerts.

:func:`run_rules` is called in the request that saved a journal entry or a questionnaire (the
journal's save sends its signal inside its transaction, so that the entry and its alerts are
committed together), so that the next page the user sees already shows
what the rules found. The rules are :func:`baclo.safety.evaluate`; this module only builds their
input (:class:`baclo.safety.PatientState`) from the database and stores their output.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.db.models import Count, IntegerField, Max, OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone

from baclo import safety
from baclo.errors import FieldError, InputError, ValidationError
from baclo.protocols.course import Course, Phase
from baclo.questionnaires import (
    ESS,
    PHQ9,
    SELF_HARM_ITEM,
    Instrument,
    Result,
    Sex,
    get_instrument,
    score,
)
from baclo.questionnaires.base import Text
from baclo.safety.medications import COMMON_MEDICINES, normalise_name
from baclo.safety.state import LOOKBACK_DAYS
from baclo.web.accounts.models import User
from baclo.web.care import services as care_services
from baclo.web.care.models import LinkStatus, Plan
from baclo.web.journal.models import JournalEntry
from baclo.web.journal.stored import domain_entries
from baclo.web.memo import once
from baclo.web.safety.models import (
    Alert,
    AlertStatus,
    HealthProfile,
    QuestionnaireResponse,
)

__all__ = [
    "acknowledge",
    "apply_action",
    "banner_alerts",
    "build_state",
    "declared_rows",
    "dismiss",
    "entries_payload",
    "entry_payload",
    "is_current",
    "linked_prescriber",
    "questionnaire_due",
    "record_questionnaire",
    "run_rules",
    "run_rules_or_warn",
    "split_declared",
    "with_open_alert_counts",
]

logger = logging.getLogger(__name__)

#: The rule id of the warning shown when the rules themselves failed.
RULES_UNAVAILABLE = "rules_unavailable"
#: Journal days read for the rules (and planned doses given to them): those they look back over.
STATE_DAYS = LOOKBACK_DAYS
#: Warnings and info suggestions stay on the patient's pages this many days after being raised.
CURRENT_DAYS = 7
#: Rules whose alerts stay a shorter or longer time (a rule's own ``shown_days``).
_SHOWN_DAYS = {rule.id: rule.shown_days for rule in safety.RULES if rule.shown_days is not None}
#: Questionnaire reminders (docs/safety.md): AUDIT monthly, PHQ-9 every two weeks during titration.
AUDIT_EVERY_DAYS = 30
PHQ9_EVERY_DAYS = 14
_PHASES = {
    Phase.NOT_STARTED: safety.Phase.UNKNOWN,
    Phase.TITRATION: safety.Phase.TITRATION,
    Phase.MAINTENANCE: safety.Phase.MAINTENANCE,
    Phase.TAPER: safety.Phase.TAPER,
}


def _phase(plan: Plan | None, today: dt.date) -> safety.Phase:
    """The course's phase on ``today`` (:meth:`baclo.protocols.course.Course.phase_on`)."""
    crcl = None if plan is None else care_services.declared_clearance(plan.patient_id)
    course = _course(plan, crcl)
    return safety.Phase.UNKNOWN if course is None else _PHASES[course.phase_on(today)]


def _course(plan: Plan | None, crcl_ml_min: float | None) -> Course | None:
    """The course of ``plan`` at the declared clearance ``crcl_ml_min``; ``None`` without a plan
    or for an unreadable row (unknown, like an unbuildable plan)."""
    if plan is None:
        return None
    try:
        return care_services.course_at(plan, crcl_ml_min)
    except (InputError, TypeError, ValueError, KeyError):
        return None


def _plan_facts(plan: Plan | None, today: dt.date, crcl_ml_min: float | None) -> dict[str, Any]:
    """Planned doses of the days the rules look back over (the taper's once it started),
    ceiling, split, usual intake times and the current taper's start; the course is the one at
    the declared clearance ``crcl_ml_min``, as every page builds it."""
    if plan is None:
        return {}
    course = _course(plan, crcl_ml_min)
    facts: dict[str, Any] = {
        "ceiling_mg": float(plan.ceiling_mg),
        "phase": safety.Phase.UNKNOWN if course is None else _PHASES[course.phase_on(today)],
        "split_mode": _split_mode(plan.split_mode),
        "targeted_onset": plan.craving_onset
        if plan.split_mode == safety.SplitMode.TARGETED
        else None,
    }
    if today < plan.start_date or course is None:
        return facts
    try:
        doses = course.doses(today - dt.timedelta(days=STATE_DAYS - 1), today)
        intakes = course.intakes(doses[today]).intakes
        taper = course.active_taper(today)
    except (InputError, TypeError, ValueError, KeyError):
        # An unbuildable plan (set_plan refuses them, but old rows may exist) is unknown.
        return facts
    facts["plan_doses"] = doses
    facts["tablets"] = course.tablets
    facts["usual_intake_times"] = [intake.time for intake in intakes]
    facts["taper_start"] = None if taper is None else taper.start
    return facts


def _split_mode(value: str) -> safety.SplitMode | None:
    known = {m.value: m for m in safety.SplitMode}
    return known.get(value)


#: The latest answers of a questionnaire tried for one that still validates.
ANSWERS_TRIED = 10


def _latest_valid(
    patient: User, instrument: Instrument, today: dt.date
) -> tuple[Result, dt.date] | None:
    """The latest answers to ``instrument`` that still pass the core's validation, scored."""
    responses = QuestionnaireResponse.objects.filter(
        patient=patient, instrument=instrument.id, date__lte=today
    ).order_by("-date", "-pk")[:ANSWERS_TRIED]
    return _first_valid(instrument, [(r.answers, r.date) for r in responses])


def _first_valid(
    instrument: Instrument, responses: Iterable[tuple[Any, dt.date]]
) -> tuple[Result, dt.date] | None:
    """The first of ``responses`` (answers, date; latest first) that still validates, scored."""
    for stored, date in responses:
        answers = stored if isinstance(stored, list) else []
        try:
            return instrument.score(answers), date
        except ValidationError:
            continue
    return None


def _latest_valid_each(
    patient: User, instruments: Sequence[Instrument], today: dt.date
) -> dict[str, tuple[Result, dt.date] | None]:
    """:func:`_latest_valid` of each of ``instruments``, from one query in the usual case.

    The latest ``ANSWERS_TRIED`` answers per instrument are read together; each instrument's
    rows among them are its latest, in order. Only an instrument whose rows there are all
    invalid, and fewer than it may try while older rows may exist, is read again on its own.
    """
    limit = ANSWERS_TRIED * len(instruments)
    rows = list(
        QuestionnaireResponse.objects.filter(
            patient=patient, instrument__in=[i.id for i in instruments], date__lte=today
        )
        .order_by("-date", "-pk")
        .values_list("instrument", "answers", "date")[:limit]
    )
    found = {}
    for instrument in instruments:
        own = [(answers, date) for i, answers, date in rows if i == instrument.id]
        result = _first_valid(instrument, own[:ANSWERS_TRIED])
        if result is None and len(own) < ANSWERS_TRIED and len(rows) == limit:
            result = _latest_valid(patient, instrument, today)
        found[instrument.id] = result
    return found


def linked_prescriber(patient: User) -> str | None:
    """The display name of the prescriber(s) actively linked to ``patient``, else ``None``."""
    prescribers = User.objects.filter(
        patient_links__patient=patient, patient_links__status=LinkStatus.ACTIVE
    ).only("first_name", "last_name", "username")
    names = [prescriber.display_name for prescriber in prescribers]
    return ", ".join(sorted(names)) or None


def split_declared(profile: HealthProfile) -> tuple[list[str], list[str]]:
    """The profile's declared names: those of the picker list, and the others as written."""
    listed = {name for _, names in COMMON_MEDICINES for name in names}
    declared = [m.name for m in profile.declared_medications()]
    return [n for n in declared if n in listed], [n for n in declared if n not in listed]


def declared_rows(
    profile: HealthProfile, names: Sequence[str], today: dt.date
) -> list[dict[str, str]]:
    """Rows to store for ``names``: a name already declared keeps its first day, a new one gets
    ``today`` (so that a new NSAID or diuretic is known to be new)."""
    since = {normalise_name(m.name): m.since for m in profile.declared_medications() if m.since}
    rows: list[dict[str, str]] = []
    for name in dict.fromkeys(names):
        first = since.get(normalise_name(name), today)
        rows.append({"name": name, "since": first.isoformat()})
    return rows


def build_state(patient: User, today: dt.date) -> safety.PatientState:
    """Everything the rules may read about ``patient`` on ``today``; absent facts stay unknown."""
    profile = HealthProfile.objects.filter(patient=patient).first()
    crcl = None if profile is None else profile.crcl_ml_min
    latest = _latest_valid_each(patient, (PHQ9, ESS), today)
    phq9, ess = latest[PHQ9.id], latest[ESS.id]
    return safety.PatientState(
        today=today,
        # The rules read the last STATE_DAYS days; older days are not part of the state.
        entries=domain_entries(patient, today - dt.timedelta(days=STATE_DAYS - 1), today),
        co_medications=frozenset() if profile is None else profile.co_medication_set(),
        medications=() if profile is None else profile.declared_medications(),
        crcl_ml_min=crcl,
        sex=None if profile is None or not profile.sex else Sex(profile.sex),
        prescriber=linked_prescriber(patient),
        phq9_item9=None if phq9 is None else phq9[0].answer(SELF_HARM_ITEM),
        phq9_on=None if phq9 is None else phq9[1],
        ess_answers=None if ess is None else ess[0].answers,
        ess_on=None if ess is None else ess[1],
        # The plan row alone: the rules need no name (get_plan joins who acknowledged the ceiling).
        **_plan_facts(Plan.objects.filter(patient=patient).first(), today, crcl),
    )


def _fields(found: safety.Alert) -> dict[str, Any]:
    body = found.to_dict()
    return {
        "rule": found.rule,
        "key": found.key,
        "severity": found.severity.value,
        "title": body["title"],
        "patient_message": body["patient_message"],
        "prescriber_message": body["prescriber_message"],
        "advice": body["advice"],
        "source": found.source,
        "dates": body["dates"],
        "actions": body["actions"],
        "crisis": found.crisis,
        "no_driving": found.no_driving,
    }


def _store(
    patient: User, found: Sequence[safety.Alert], today: dt.date, source_date: dt.date | None
) -> list[Alert]:
    """Keep one alert per key, and one *open* alert per rule.

    Evidence already stored (same key, open or acknowledged) raises nothing. New evidence for a
    rule that has an open alert updates that alert rather than adding one, so that a side effect
    logged every day is one alert for the prescriber, not one a day; urgent and warning alerts are
    then shown to the patient again (an info suggestion they put away stays put away).
    """
    stored: list[Alert] = []
    if not found:
        return stored
    with transaction.atomic():
        for alert in found:
            row = Alert.objects.filter(patient=patient, key=alert.key).first()
            if row is None:
                row = (
                    Alert.objects.select_for_update()
                    .filter(patient=patient, rule=alert.rule, status=AlertStatus.OPEN)
                    .first()
                )
                if row is not None:
                    for name, value in _fields(alert).items():
                        setattr(row, name, value)
                    row.source_date, row.raised_on = source_date, today
                    if alert.severity is not safety.Severity.INFO:
                        row.patient_done_at, row.applied_action = None, None
                    row.save()
                else:
                    row, _ = Alert.objects.get_or_create(
                        patient=patient,
                        key=alert.key,
                        defaults={
                            **_fields(alert),
                            "source_date": source_date,
                            "raised_on": today,
                        },
                    )
            stored.append(row)
    return stored


def run_rules(patient: User, today: dt.date, *, source_date: dt.date | None = None) -> list[Alert]:
    """Run every rule for ``patient`` and store new findings; returns the alerts that fire now.

    ``source_date`` is the journal day whose save triggered the run (``None`` for a
    questionnaire). Already stored alerts are returned as they are (an acknowledged one stays
    acknowledged), so saving the same day again raises nothing twice.
    """
    return _store(patient, safety.evaluate(build_state(patient, today)), today, source_date)


def _rules_unavailable(today: dt.date) -> safety.Alert:
    return safety.Alert(
        rule=RULES_UNAVAILABLE,
        severity=safety.Severity.WARNING,
        title=Text(en="Safety checks did not run", fr="Les vérifications n'ont pas pu se faire"),
        patient_message=Text(
            en="Your entry is saved, but baclo could not check it for warning signs.",
            fr="Votre journal est enregistré, mais baclo n'a pas pu y chercher de signes d'alerte.",
        ),
        prescriber_message=Text(
            en="The safety rules failed on this patient's last entry: review it yourself.",
            fr="Les règles de sécurité ont échoué sur le dernier journal : vérifiez-le vous-même.",
        ),
        advice=Text(
            en="If you have dark thoughts or feel unwell, call 3114 (24/7) or 15 / 112.",
            fr="Idées noires ou malaise : appelez le 3114 (24 h/24) ou le 15 / 112.",
        ),
        source="baclo: a failure is shown, never silent (docs/architecture.md)",
        key=f"{RULES_UNAVAILABLE}:{today.isoformat()}",
        dates=(today,),
    )


def run_rules_or_warn(
    patient: User, today: dt.date, *, source_date: dt.date | None = None
) -> list[Alert]:
    """:func:`run_rules`, but a failing rule becomes a visible warning instead of an error.

    The entry is already saved when the rules run: a bug in a rule must neither turn that save
    into an error page (the patient would retry, or believe nothing was saved) nor pass in
    silence. The patient and the prescriber both see that the checks did not run. Called inside
    the save's transaction, the rules run in a savepoint: their failure undoes only their work.
    """
    try:
        with transaction.atomic():
            return run_rules(patient, today, source_date=source_date)
    except Exception:
        logger.exception("safety rules failed for patient %s", patient.pk)
        return _store(patient, [_rules_unavailable(today)], today, source_date)


def open_alerts(patient: User | int) -> list[Alert]:
    """Open alerts, most severe first, then newest (read once in a read-only view,
    :func:`baclo.web.memo.read_once`: Today's banner shows them in two parts)."""
    patient_id = patient if isinstance(patient, int) else patient.pk
    return once(("open_alerts", patient_id), lambda: _read_open_alerts(patient_id))


def _read_open_alerts(patient_id: int) -> list[Alert]:
    alerts = Alert.objects.filter(patient_id=patient_id, status=AlertStatus.OPEN)
    return sorted(alerts, key=lambda a: (a.rank, -a.created_at.timestamp(), -a.pk))


def is_current(alert: Alert, today: dt.date) -> bool:
    """Whether an open alert still belongs on the patient's pages on ``today``.

    Urgent alerts stay while open, whatever their age; warnings and info suggestions for
    :data:`CURRENT_DAYS` days after the rules last raised them, or their rule's ``shown_days``
    (then, like acknowledged ones, they live in the safety history). The prescriber's list shows
    every open alert.
    """
    if alert.status != AlertStatus.OPEN:
        return False
    if alert.severity == safety.Severity.URGENT:
        return True
    return (today - alert.raised_on).days < _SHOWN_DAYS.get(alert.rule, CURRENT_DAYS)


def banner_alerts(patient: User, today: dt.date | None = None) -> list[Alert]:
    """Current alerts the patient has not handled yet (read or acted on): shown on their pages."""
    today = today or timezone.localdate()
    return [a for a in open_alerts(patient) if a.patient_done_at is None and is_current(a, today)]


def _own_alert(patient: User, alert_id: int | str, *, lock: bool = False) -> Alert:
    alerts = Alert.objects.select_for_update() if lock else Alert.objects
    try:
        return alerts.get(pk=int(alert_id), patient=patient)
    except (Alert.DoesNotExist, ValueError, TypeError):
        raise FieldError(
            "alert", f"no alert {alert_id!r} for this patient", code="not_found"
        ) from None


def _action(alert: Alert, index: int) -> dict[str, Any]:
    if not 0 <= index < len(alert.actions):
        raise FieldError("action", f"alert {alert.pk} has no action {index}", code="not_found")
    action: dict[str, Any] = alert.actions[index]
    return action


def _plan_change(
    action: dict[str, Any], plan: Plan, today: dt.date
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The action as applied (an event dated ``today``) and the change for ``set_plan``."""
    kind = action.get("type")
    if kind == safety.ActionType.PLAN_EVENT:
        action = {**action, "event": {**action["event"], "date": today.isoformat()}}
        return action, {"events": [*(plan.events or []), action["event"]]}
    if kind == safety.ActionType.SPLIT:
        split = {"mode": action["mode"]}
        if "craving_onset" in action:
            split["craving_onset"] = action["craving_onset"]
        return action, {"split": split}
    raise FieldError("action", f"{kind!r} changes nothing in the plan", code="not_applicable")


def apply_action(
    actor: User,
    patient: User,
    alert_id: int | str,
    index: int,
    *,
    today: dt.date,
    now: dt.datetime | None = None,
) -> dict[str, Any]:
    """Apply the one-tap suggestion ``index`` of an alert to the plan, through the plan service.

    A plan event is appended to the plan's events, dated ``today`` (the step the patient is on
    when they tap, even if the alert was raised a few days earlier); a split suggestion changes
    the split settings; a taper pause stops the taper going on today at today's dose. Raises
    :class:`~baclo.errors.InputError` (nothing changed) when the alert or action does not exist,
    was already applied, or the plan refuses the change.
    """
    with transaction.atomic():
        # Locked, so that a double tap cannot add the same event twice.
        alert = _own_alert(patient, alert_id, lock=True)
        action = _action(alert, index)
        if alert.applied_action is not None:
            raise FieldError("action", "this suggestion was already applied", code="applied")
        plan = care_services.get_plan(patient)
        if plan is None:
            raise FieldError("plan", "there is no plan to change yet", code="no_plan")
        if action.get("type") == safety.ActionType.PAUSE_TAPER:
            # A stale suggestion must not remove a taper planned later: only one going on stops.
            care_services.pause_taper(actor, patient, today=today)
        else:
            action, change = _plan_change(action, plan, today)
            care_services.set_plan(actor, patient, change, today=today)
        alert.applied_action = action
        alert.patient_done_at = now or timezone.now()
        alert.save(update_fields=["applied_action", "patient_done_at"])
    return action


def dismiss(patient: User, alert_id: int | str, *, now: dt.datetime | None = None) -> Alert:
    """The patient has read the alert: it leaves the banner; the prescriber still sees it open."""
    alert = _own_alert(patient, alert_id)
    if alert.patient_done_at is None:
        alert.patient_done_at = now or timezone.now()
        alert.save(update_fields=["patient_done_at"])
    return alert


def acknowledge(
    prescriber: User,
    patient: User,
    alert_id: int | str,
    comment: str,
    *,
    now: dt.datetime | None = None,
) -> Alert:
    """A linked prescriber closes an open alert with a comment (access checked by the caller)."""
    alert = _own_alert(patient, alert_id)
    if alert.status != AlertStatus.OPEN:
        raise FieldError("alert", f"alert {alert.pk} is already acknowledged", code="closed")
    alert.status = AlertStatus.ACKNOWLEDGED
    alert.acknowledged_by = prescriber
    alert.acknowledged_at = now or timezone.now()
    alert.comment = comment.strip()
    alert.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "comment"])
    return alert


def with_open_alert_counts(patients: QuerySet[User]) -> QuerySet[User]:
    """``patients`` with the number of their open alerts of each severity (``open_urgent``,
    ``open_warning``, ``open_info``), counted by the database.

    A prescriber's list sorts on them (most urgent first) before it takes a page of patients,
    so the counts are a subquery per patient, which the (patient, status) index finds directly.
    """
    return patients.annotate(
        **{f"open_{severity.value}": _open_alerts(severity) for severity in safety.Severity}
    )


def _open_alerts(severity: safety.Severity) -> Coalesce:
    """The number of the patient's (``OuterRef("pk")``) open alerts of ``severity``."""
    alerts = Alert.objects.filter(
        patient=OuterRef("pk"), status=AlertStatus.OPEN, severity=severity.value
    )
    count = alerts.order_by().values("patient").annotate(n=Count("id")).values("n")
    return Coalesce(Subquery(count, output_field=IntegerField()), 0)


def record_questionnaire(
    patient: User, instrument_id: str, answers: Sequence[Any], today: dt.date
) -> tuple[QuestionnaireResponse, Result, list[Alert]]:
    """Score with the core's strict validation, store, then run the rules in the same request.

    Raises :class:`~baclo.errors.InputError` naming every bad answer; nothing is stored then.
    """
    profile = HealthProfile.objects.filter(patient=patient).first()
    result = score(instrument_id, answers, sex=None if profile is None else profile.sex)
    response = QuestionnaireResponse.objects.create(
        patient=patient,
        instrument=result.instrument.id,
        answers=list(result.answers),
        score=result.score,
        band=result.band.id,
        date=today,
    )
    return response, result, run_rules_or_warn(patient, today)


def questionnaire_due(patient: User, today: dt.date) -> list[dict[str, Any]]:
    """Reminders: AUDIT when none in 30 days; PHQ-9 when none in 14 days during titration."""
    due = []
    schedule = [("audit", AUDIT_EVERY_DAYS)]
    if _phase(care_services.get_plan(patient), today) is safety.Phase.TITRATION:
        schedule.append((PHQ9.id, PHQ9_EVERY_DAYS))
    # The last answer date of each scheduled questionnaire, in one query.
    latest = dict(
        QuestionnaireResponse.objects.filter(
            patient=patient, instrument__in=[instrument_id for instrument_id, _ in schedule]
        )
        .order_by()
        .values_list("instrument")
        .annotate(last=Max("date"))
    )
    for instrument_id, every in schedule:
        last = latest.get(instrument_id)
        if last is None or (today - last).days >= every:
            due.append(
                {
                    "instrument": get_instrument(instrument_id),
                    "last": last,
                    "every_days": every,
                }
            )
    return due


def _raised_for(alert: Alert, date: dt.date) -> bool:
    """An alert belongs to an entry when that day's save raised it or the day is in its evidence."""
    return alert.source_date == date or date.isoformat() in alert.dates


def entries_payload(patient: User | int, entries: Iterable[JournalEntry]) -> list[dict[str, Any]]:
    """The API shape of stored entries of one patient: the validated data plus the open safety
    alerts raised by or about each day (read once for all the entries, not once per entry)."""
    alerts = open_alerts(patient)
    return [
        {**entry.data, "alerts": [a.to_dict() for a in alerts if _raised_for(a, entry.date)]}
        for entry in entries
    ]


def entry_payload(entry: JournalEntry) -> dict[str, Any]:
    """The API shape of one stored entry (see :func:`entries_payload`)."""
    return entries_payload(entry.patient_id, [entry])[0]
