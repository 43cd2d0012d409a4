"""Questionnaire pages: answer AUDIT, AUDIT-C, PHQ-9 or Epworth, and see the scores over time.

Answers go through the core's strict validation (:mod:`baclo.questionnaires`): an incomplete or
out-of-range form comes back with an error next to each bad question and nothing is stored. A
valid answer is stored and the safety rules run in the same request (PHQ-9 item 9 above 0 opens
the crisis panel on the next page).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baclo.errors import FieldError, ValidationError
from baclo.questionnaires import INSTRUMENTS, Instrument
from baclo.web.journal import services as journal_services
from baclo.web.pages import patient_required
from baclo.web.safety import services
from baclo.web.safety.models import HealthProfile, QuestionnaireResponse
from baclo.web.safety.templatetags.safety import localized
from baclo.web.wording import band_name, error_message


def _instrument(instrument_id: str) -> Instrument:
    try:
        return INSTRUMENTS[instrument_id]
    except KeyError:
        raise Http404("no such questionnaire") from None


@patient_required
@require_GET
def questionnaires(request: HttpRequest) -> HttpResponse:
    """The questionnaires, which ones are due, and every score so far by instrument."""
    today = journal_services.local_today()
    responses = list(QuestionnaireResponse.objects.filter(patient=request.user)[:500])
    history = [
        {
            "instrument": instrument,
            "responses": [
                {"date": r.date, "score": r.score, "band": band_name(instrument.id, r.band)}
                for r in responses
                if r.instrument == instrument.id
            ],
        }
        for instrument in INSTRUMENTS.values()
    ]
    context = {
        "history": history,
        "due": {d["instrument"].id for d in services.questionnaire_due(request.user, today)},
    }
    return render(request, "safety/questionnaires.html", context)


def _items(
    instrument: Instrument, values: dict[str, str], errors: dict[str, list[str]]
) -> list[dict[str, object]]:
    return [
        {
            "id": item.id,
            "number": number,
            "text": localized(item.text.to_dict()),
            "options": [
                {"value": str(o.value), "label": localized(o.label.to_dict())} for o in item.options
            ],
            "value": values.get(item.id, ""),
            "errors": errors.get(item.id, []),
        }
        for number, item in enumerate(instrument.items, start=1)
    ]


@patient_required
@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, instrument_id: str) -> HttpResponseBase:
    instrument = _instrument(instrument_id)
    values: dict[str, str] = {}
    errors: dict[str, list[str]] = {}
    if request.method == "POST":
        values = {item.id: request.POST.get(item.id, "").strip() for item in instrument.items}
        for item in instrument.items:
            if not values[item.id]:
                errors[item.id] = [_("Please answer this question.")]
        if not errors:
            try:
                response, result, _alerts = services.record_questionnaire(
                    request.user,
                    instrument.id,
                    list(values.values()),
                    journal_services.local_today(),
                )
            except ValidationError as error:
                errors = _by_field(error.errors)
            except FieldError as error:
                errors = _by_field([error])
            else:
                messages.success(
                    request,
                    _("%(name)s: %(score)s of %(max)s, %(band)s. %(advice)s")
                    % {
                        "name": localized(instrument.display_name),
                        "score": response.score,
                        "max": instrument.max_score,
                        "band": localized(result.band.label.to_dict()),
                        "advice": localized(result.advice.to_dict()),
                    },
                )
                return redirect("safety:questionnaires")
    profile = HealthProfile.objects.filter(patient=request.user).first()
    context = {
        "instrument": instrument,
        "recall": localized(instrument.recall.to_dict()),
        "items": _items(instrument, values, errors),
        "form_errors": errors.get("answers", []),
        "has_errors": bool(errors),
        "needs_sex": len(instrument.bands) > 1 and (profile is None or not profile.sex),
    }
    return render(request, "safety/answer.html", context)


def _by_field(field_errors: list[FieldError]) -> dict[str, list[str]]:
    errors: dict[str, list[str]] = {}
    for error in field_errors:
        errors.setdefault(error.field, []).append(error_message(error))
    return errors
