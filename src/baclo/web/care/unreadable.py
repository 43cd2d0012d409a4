"""A stored plan that the current rules refuse: explained, with the way to fix it, never a 500.

``set_plan`` refuses every plan the domain cannot build, but a row saved before a rule changed
(or written by hand) may still be refused when it is read. :func:`baclo.web.care.services.course_of`
then raises :class:`UnreadablePlanError`, which says why in the domain's words, field by field:

* the API answers 409 ``{"detail": [{"field", "code", "message"}], "explanation": "..."}``
  (``baclo.web.api.main``); a ``PUT`` of the plan repairs it;
* a page answers 409 with the explanation and a link to the plan form (the patient's own, or the
  prescriber's page of that patient), rendered by :class:`UnreadablePlanMiddleware`; the plan
  form itself shows the explanation above the fields, with the stored values to correct.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from baclo.errors import FieldError, InputError, ValidationError

__all__ = ["UnreadablePlanError", "UnreadablePlanMiddleware"]


class UnreadablePlanError(InputError):
    """The stored plan of patient ``patient_id`` cannot be read under the current rules."""

    def __init__(self, patient_id: int, errors: list[FieldError]) -> None:
        self.patient_id = patient_id
        self.errors = errors
        super().__init__(self.explanation)

    @classmethod
    def of(cls, patient_id: int, error: Exception) -> UnreadablePlanError:
        if isinstance(error, ValidationError):
            errors = error.errors
        elif isinstance(error, FieldError):
            errors = [error]
        else:
            errors = [FieldError("plan", str(error) or type(error).__name__, code="invalid")]
        return cls(patient_id, errors)

    @property
    def explanation(self) -> str:
        reasons = "; ".join(f"{e.field}: {e.message}" for e in self.errors)
        return (
            "the stored plan cannot be used under the current rules "
            f"({reasons}); change it with the plan form (PUT the plan)"
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "detail": [
                {"field": e.field, "code": e.code, "message": e.message} for e in self.errors
            ],
            "explanation": self.explanation,
        }


def fix_url(request: HttpRequest, error: UnreadablePlanError) -> str:
    """The plan form that repairs the plan: the patient's own, else the prescriber's page."""
    if request.user.pk == error.patient_id:
        return reverse("care:plan")
    return reverse("care:patient_plan", args=[error.patient_id])


class UnreadablePlanMiddleware:
    """Any page that meets an unreadable plan answers 409 with the explanation and the link to
    the form, instead of a 500."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if not isinstance(exception, UnreadablePlanError):
            return None
        context = {"unreadable": exception, "fix_url": fix_url(request, exception)}
        return render(request, "care/unreadable_plan.html", context, status=409)
