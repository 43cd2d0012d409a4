"""The association staff's page: verify prescribers against the RPPS number they entered.

Only the ``staff`` role sees it (others: 404, like any page not for their role). Verifying
checks the number's form and check digit again, and that no other verified account holds it
(:func:`baclo.web.accounts.verification.verify_prescriber`); the staff member looks the number
up in the public directory (annuaire.sante.fr) first, which no code can do for them offline.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from baclo.errors import FieldError
from baclo.web.accounts.models import Role, User
from baclo.web.accounts.verification import revoke_verification, verify_prescriber
from baclo.web.pages import role_required


@role_required(Role.STAFF)
@require_http_methods(["GET", "POST"])
def prescribers(request: HttpRequest) -> HttpResponseBase:
    if request.method == "POST":
        _act(request)
        return redirect("staff_prescribers")
    accounts = User.objects.filter(role=Role.PRESCRIBER).order_by("-verified_at", "date_joined")
    waiting = [user for user in accounts if user.verified_at is None]
    verified = [user for user in accounts if user.verified_at is not None]
    return render(
        request, "accounts/staff_prescribers.html", {"waiting": waiting, "verified": verified}
    )


def _act(request: HttpRequest) -> None:
    prescriber = get_object_or_404(
        User, pk=request.POST.get("user", "").strip() or 0, role=Role.PRESCRIBER
    )
    if request.POST.get("action") == "revoke":
        revoke_verification(prescriber)
        messages.success(request, _("%(name)s is unverified again.") % {"name": prescriber})
        return
    try:
        verify_prescriber(prescriber, by=request.user, rpps=request.POST.get("rpps") or None)  # type: ignore[arg-type]
    except FieldError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("%(name)s is verified.") % {"name": prescriber})
