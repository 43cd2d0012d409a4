"""The "my data" pages: download everything, or delete the account and everything with it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from baclo.errors import FieldError
from baclo.web.accounts.models import User
from baclo.web.journal.fhir import patient_bundle
from baclo.web.privacy.export_csv import export_zip
from baclo.web.privacy.services import delete_account, export_user_data


def zip_response(content: bytes) -> HttpResponse:
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = 'attachment; filename="baclo-export.zip"'
    return response


EXPORTS = {"json", "csv", "fhir"}


@login_required
@require_GET
def export(request: HttpRequest, kind: str) -> HttpResponseBase:
    """Download my data, as the API gives it (``GET /api/v1/me/export[/csv|/fhir]``)."""
    user: User = request.user  # type: ignore[assignment]
    if kind not in EXPORTS or (kind == "fhir" and not user.is_patient):
        raise Http404("no such export")
    if kind == "csv":
        return zip_response(export_zip(user))
    data = patient_bundle(user) if kind == "fhir" else export_user_data(user)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 1})
    suffix = "fhir.json" if kind == "fhir" else "json"
    response["Content-Disposition"] = f'attachment; filename="baclo-export.{suffix}"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def delete_me(request: HttpRequest) -> HttpResponseBase:
    """Delete my account and all my data, after my password (the same rule as ``DELETE /me``)."""
    error = None
    if request.method == "POST":
        try:
            delete_account(request.user, request.POST.get("password"))  # type: ignore[arg-type]
        except FieldError as refused:
            error = (
                _("Enter your password to confirm.")
                if refused.code == "required"
                else _("This is not your password: nothing was deleted.")
            )
        else:
            logout(request)
            messages.success(request, _("Your account and all your data are deleted."))
            return redirect("home")
    status = 200 if error is None else 422
    return render(request, "registration/delete_account.html", {"error": error}, status=status)
