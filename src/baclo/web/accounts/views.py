"""Account pages: home dispatch by role, registration, login that applies the user's language,
the account page (password change, API tokens, my data: export and account deletion).

Django's own views serve logout and the password reset pages, with our templates.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LoginView, PasswordChangeView
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST
from django.views.i18n import set_language

from baclo.web.accounts.forms import RegistrationForm
from baclo.web.accounts.models import ApiToken, Language, Role, User
from baclo.web.throttle import ACCOUNT_LOGIN_FAILURES, SharedRateThrottle

_HOME_BY_ROLE = {
    Role.PATIENT: "journal:today",
    Role.PRESCRIBER: "care:patients",
    Role.STAFF: "staff_prescribers",
}


def home(request: HttpRequest) -> HttpResponse:
    """The first page: today's plan for a patient, the patient list for a prescriber."""
    if not request.user.is_authenticated:
        return render(request, "accounts/welcome.html")
    target = _HOME_BY_ROLE.get(Role(request.user.role))
    if target is None:
        return render(request, "accounts/welcome.html")
    return redirect(target)


def _with_language(response: HttpResponseBase, language: str) -> HttpResponseBase:
    """Remember the user's language in the cookie that LocaleMiddleware reads."""
    translation.activate(language)
    response.set_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        language,
        max_age=settings.LANGUAGE_COOKIE_AGE,
        samesite="Lax",
    )
    return response


# Password guessing through the login page: as many failed attempts a minute from one address as
# the API's token exchange allows (api/accounts.py), counted where every server process sees them;
# and per account, whatever the address (ACCOUNT_LOGIN_FAILURES, shared with the token exchange).
LOGIN_FAILURES = SharedRateThrottle("login-failures", limit=20, window_s=60)
# Sign-ups: a household or a practice behind one address may open a few accounts; a script that
# opens hundreds may not. Only accounts created count (a refused form is given back).
REGISTRATIONS = SharedRateThrottle("registrations", limit=10, window_s=3600)


class BacloLoginView(LoginView):
    """Django's login, then the interface switches to the language the user chose.

    After :data:`LOGIN_FAILURES` failed attempts from one address in a minute, the page answers
    429 without checking the password, until the minute is over. Every attempt is counted
    before the password is checked, in one atomic increment, so that guesses sent in parallel
    cannot all read a count still under the limit; a success gives its count back.
    """

    template_name = "registration/login.html"
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        username = request.POST.get("username", "")
        # Both are counted, so that neither limit can be dodged by the other's refusal.
        by_address = LOGIN_FAILURES.allow_request(request)
        by_account = ACCOUNT_LOGIN_FAILURES.allow(username)
        if not (by_address and by_account):
            context = self.get_context_data(form=self.get_form_class()(request), throttled=True)
            return self.render_to_response(context, status=429)
        return super().post(request, *args, **kwargs)

    def form_valid(self, form):  # type: ignore[no-untyped-def]
        LOGIN_FAILURES.give_back(self.request)
        ACCOUNT_LOGIN_FAILURES.give_back(self.request.POST.get("username", ""))
        response = super().form_valid(form)
        user: User = form.get_user()
        return _with_language(response, user.language)


@require_POST
def switch_language(request: HttpRequest) -> HttpResponseBase:
    """Django's ``set_language``, and the choice is kept in the account for the next login."""
    response = set_language(request)
    language = request.POST.get("language", "")
    if request.user.is_authenticated and language in Language.values:
        request.user.language = language
        request.user.save(update_fields=["language"])
    return response


@require_http_methods(["GET", "POST"])
def register(request: HttpRequest) -> HttpResponseBase:
    if request.user.is_authenticated:
        return redirect("home")
    form = RegistrationForm(request.POST or None, initial={"language": translation.get_language()})
    if request.method == "POST":
        if not REGISTRATIONS.allow_request(request):
            context = {"form": RegistrationForm(), "throttled": True}
            return render(request, "registration/register.html", context, status=429)
        if form.is_valid():
            user = form.save()
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return _with_language(redirect("home"), user.language)
        REGISTRATIONS.give_back(request)
    return render(request, "registration/register.html", {"form": form})


class AccountView(PasswordChangeView):
    """The account page: change the password, see and revoke one's API tokens."""

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["tokens"] = ApiToken.objects.filter(user=self.request.user).order_by(
            "-created_at", "-pk"
        )
        return context


@login_required
@require_POST
def revoke_token(request: HttpRequest, pk: int) -> HttpResponseBase:
    """Revoke one of the user's API tokens (the same rule as ``DELETE /api/v1/auth/tokens/{id}``:
    another user's token is not found)."""
    if not ApiToken.objects.revoke(request.user, pk):  # type: ignore[arg-type]
        raise Http404("no such token")
    messages.success(request, _("The token is revoked: programs using it are refused from now on."))
    return redirect("password_change")
