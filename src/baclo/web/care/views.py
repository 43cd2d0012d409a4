"""Care pages: the plan and the consent flow (codes, links).

Every page that shows a patient to someone else gets the patient from
:func:`baclo.web.care.access.patient_for` on its first line, which answers 404 unless the link is
active and writes the access log.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baclo.errors import FieldError, ValidationError
from baclo.protocols.ceiling import ceiling_notices
from baclo.web import clock
from baclo.web.accounts.models import Role, User, display_name_of
from baclo.web.care import invitations, services
from baclo.web.care.access import patient_for
from baclo.web.care.forms import (
    CUSTOM_PARAMETERS,
    CodeForm,
    PlanForm,
    TaperForm,
    taper_error_message,
)
from baclo.web.care.models import DEFAULT_CEILING_MG, AccessAction, AccessLog, LinkStatus
from baclo.web.care.unreadable import UnreadablePlanError
from baclo.web.pages import patient_required, prescriber_required
from baclo.web.wording import error_message, notice_text, with_tablets_text


def _initial(plan: Any) -> dict[str, Any]:
    if plan is None:
        return {
            "protocol": "beaurepaire",
            "start": clock.local_today().isoformat(),
            "ceiling_mg": str(DEFAULT_CEILING_MG),
            "wake": "07:00",
            "sleep": "23:00",
            "mode": "targeted",
            "tablets": ["10"],
        }
    params = plan.params or {}
    return {
        "protocol": plan.protocol,
        "start": plan.start_date.isoformat(),
        "ceiling_mg": str(plan.ceiling_mg),
        "craving_onset": "" if plan.craving_onset is None else plan.craving_onset.strftime("%H:%M"),
        "wake": plan.wake_time.strftime("%H:%M"),
        "sleep": plan.sleep_time.strftime("%H:%M"),
        "mode": plan.split_mode,
        "tablets": [f"{strength:g}" for strength in plan.tablets],
        **{
            # A row saved under earlier rules may hold anything: shown as it is, to be fixed.
            key: f"{params[key]:g}" if isinstance(params[key], int | float) else str(params[key])
            for key in ("start_mg", "increment_mg", "days_per_step")
            if key in params
        },
    }


def _cancel_taper(request: HttpRequest, patient: User) -> None:
    try:
        services.cancel_taper(request.user, patient, today=clock.local_today())
    except FieldError as error:
        messages.error(request, taper_error_message(error))
    except ValidationError as error:
        messages.error(request, taper_error_message(error.errors[0]))
    else:
        messages.success(request, _("Taper cancelled."))


def _start_taper(request: HttpRequest, patient: User, taper_form: TaperForm) -> bool:
    """``True`` when the taper was saved; else the form carries the errors."""
    today = clock.local_today()
    try:
        if not taper_form.is_valid():
            return False
        services.start_taper(request.user, patient, taper_form.taper_data(), today=today)
    except ValidationError as error:
        taper_form.add_field_errors(error.errors)
        return False
    except FieldError as error:
        taper_form.add_field_errors([error])
        return False
    messages.success(request, _("Taper saved: the plan now follows it."))
    return True


def _plan_page(request: HttpRequest, patient: User) -> HttpResponseBase:
    """The plan form and its staircase, for the patient or a linked prescriber."""
    plan = services.get_plan(patient)
    may_acknowledge = request.user.role == Role.PRESCRIBER
    today = clock.local_today()
    action = request.POST.get("action") if request.method == "POST" else None
    taper_form = TaperForm(
        request.POST if action == "taper" else None,
        prefix="taper",
        initial={"start": today.isoformat(), "speed": "slow", "to_mg": "0"},
        may_override=may_acknowledge,
    )
    if action == "cancel_taper":
        _cancel_taper(request, patient)
        return redirect(request.path)
    if action == "taper":
        form = PlanForm(initial=_initial(plan), may_acknowledge=may_acknowledge)
        if _start_taper(request, patient, taper_form):
            return redirect(request.path)
    elif request.method == "POST":
        form = PlanForm(request.POST, may_acknowledge=may_acknowledge)
        if form.is_valid():
            try:
                services.set_plan(request.user, patient, form.plan_data(), today=today)
            except ValidationError as error:
                form.add_field_errors(error.errors)
            except FieldError as error:
                form.add_field_errors([error])
            else:
                messages.success(request, _("Plan saved."))
                return redirect(request.path)
    else:
        form = PlanForm(initial=_initial(plan), may_acknowledge=may_acknowledge)
    payload, planned, unreadable = None, None, None
    try:
        payload = None if plan is None else services.plan_payload(plan, today)
        planned = None if plan is None else services.today_plan(plan, today)
    except UnreadablePlanError as error:
        unreadable = error  # the form below, with the stored values, is the way to fix it
    if planned is not None:
        planned["intakes"] = with_tablets_text(planned["intakes"])
    context = {
        "patient": patient,
        "planned": planned,
        "unreadable": unreadable,
        "form": form,
        "taper_form": taper_form,
        "taper": None if payload is None else _taper_view(payload["taper"], today),
        "plan": None if unreadable else plan,
        "payload": payload,
        "weeks": [] if payload is None else _weeks(payload["days"], today),
        "notices": [] if plan is None else [n.code.value for n in ceiling_notices(plan.ceiling_mg)],
        "renal_notices": []
        if payload is None
        else [notice_text(n) for n in payload["notices"] if n["code"] in services.RENAL_NOTICES],
        "staircase_json": []
        if payload is None
        else [{"date": d["date"], "planned_mg": d["dose_mg"]} for d in payload["days"]],
        "own": request.user.pk == patient.pk,
        **_field_groups(form),
    }
    return render(request, "care/plan.html", context)


def _taper_view(taper: dict[str, Any] | None, today: dt.date) -> dict[str, Any] | None:
    """The taper for the page: steps with their cut (the one in force today marked), and
    warnings with the numbers the translated sentences need (the domain's are English).
    After a stop, the steps it cancelled and their warnings are left out."""
    if taper is None:
        return None
    steps, previous = [], taper["from_mg"]
    stopped = None if taper["stopped_on"] is None else dt.date.fromisoformat(taper["stopped_on"])
    held = today if stopped is None else min(today, stopped)
    for step in taper["steps"]:
        date = dt.date.fromisoformat(step["date"])
        if stopped is not None and date > stopped:
            break
        steps.append({"date": date, "dose_mg": step["dose_mg"], "cut": previous - step["dose_mg"]})
        previous = step["dose_mg"]
    in_force = [step for step in steps if step["date"] <= held]
    if in_force:
        in_force[-1]["current"] = True
    by_date = {step["date"]: step for step in steps}
    warnings = []
    for warning in taper["warnings"]:
        date = None if warning["date"] is None else dt.date.fromisoformat(warning["date"])
        step = by_date.get(date) if date is not None else None
        if date is not None and step is None:
            continue
        warnings.append(
            {
                "code": warning["code"],
                "date": date,
                "dose_mg": None if step is None else step["dose_mg"],
                "before_mg": None if step is None else step["dose_mg"] + step["cut"],
                "cut": None if step is None else step["cut"],
            }
        )
    return {
        **taper,
        "set_by_name": display_name_of(taper["set_by"]),
        "start_date": dt.date.fromisoformat(taper["start"]),
        "stopped_date": stopped,
        "step_list": steps,
        "warning_list": warnings,
    }


def _field_groups(form: PlanForm) -> dict[str, Any]:
    """The plan form in three parts: the plan, the custom staircase, the times of day."""
    custom = [form[name] for name in CUSTOM_PARAMETERS]
    return {
        "main_fields": [
            form[name]
            for name in ("protocol", "start", "ceiling_mg", "ceiling_acknowledged")
            if name in form.fields
        ],
        "custom_fields": custom,
        "custom_open": any(field.value() or field.errors for field in custom),
        "split_fields": [
            form[name] for name in ("craving_onset", "wake", "sleep", "mode", "tablets")
        ],
    }


def _weeks(days: list[dict[str, Any]], today: dt.date) -> list[list[dict[str, Any]]]:
    """The plan's days in rows of 7, each day marked if it is today."""
    cells = [{"date": dt.date.fromisoformat(d["date"]), "dose_mg": d["dose_mg"]} for d in days]
    for cell in cells:
        cell["today"] = cell["date"] == today
    return [cells[i : i + 7] for i in range(0, len(cells), 7)]


@patient_required
@require_http_methods(["GET", "POST"])
def plan(request: HttpRequest) -> HttpResponseBase:
    return _plan_page(request, request.user)


@prescriber_required
@require_http_methods(["GET", "POST"])
def patient_plan(request: HttpRequest, patient_id: int) -> HttpResponseBase:
    action = AccessAction.CHANGE if request.method == "POST" else AccessAction.VIEW
    patient = patient_for(request.user, patient_id, action=action, request=request)
    return _plan_page(request, patient)


@patient_required
@require_http_methods(["GET", "POST"])
def sharing(request: HttpRequest) -> HttpResponseBase:
    """The patient's side of the consent flow: a code to give, links to accept or revoke."""
    patient = request.user
    if request.method == "POST":
        action = request.POST.get("action")
        if action == "create":
            invitation = invitations.create_invitation(patient)
            request.session["invitation_id"] = invitation.pk
            return redirect("care:sharing")
        link_id = _link_id(request.POST.get("link", ""))
        if action == "accept":
            link = invitations.accept_link(patient, link_id)
            messages.success(
                request,
                _("%(name)s can now see your journal and plan.")
                % {"name": link.prescriber.display_name},
            )
        elif action == "revoke":
            link = invitations.revoke_link(patient, link_id)
            messages.success(
                request,
                _("%(name)s can no longer see your data.") % {"name": link.prescriber.display_name},
            )
        else:
            raise Http404("unknown action")
        return redirect("care:sharing")
    invitation = (
        patient.invitations.filter(pk=request.session.get("invitation_id"), used_at__isnull=True)
        .order_by("-created_at")
        .first()
    )
    links = list(invitations.links_of_patient(patient))
    context = {
        "invitation": invitation
        if invitation is not None and invitation.is_usable(timezone.now())
        else None,
        "code": None if invitation is None else invitations.format_code(invitation.code),
        "pending": [link for link in links if link.status == LinkStatus.PENDING],
        "active": [link for link in links if link.status == LinkStatus.ACTIVE],
        "accesses": AccessLog.objects.filter(patient=patient).select_related("actor")[:20],
    }
    return render(request, "care/sharing.html", context)


def _link_id(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise Http404("no such link") from None


@prescriber_required
@require_http_methods(["GET", "POST"])
def enter_code(request: HttpRequest) -> HttpResponseBase:
    """The prescriber types the code a patient gave; the patient must then accept."""
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            invitations.redeem_code(request.user, form.cleaned_data["code"])
        except FieldError as error:
            messages_by_code = {
                "format": _("A code has 8 letters and digits, for example ABCD-2345."),
                "invalid": _(
                    "This code is unknown, already used or expired: ask the patient for a new one."
                ),
                "duplicate": _("This patient is already linked to you."),
            }
            form.add_error("code", messages_by_code.get(error.code) or error_message(error))
        else:
            messages.success(
                request,
                _("Code accepted. The patient must now confirm the link in their account."),
            )
            return redirect("care:patients")
    return render(request, "care/enter_code.html", {"form": form})
