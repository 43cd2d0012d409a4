"""French first: the browser's Accept-Language does not choose the interface language.

Our users are French first (docs/architecture.md, Users); a browser set to English on a shared or
work computer must not switch a French patient's pages. The language comes from the user's own
choice (the language cookie set at login and by the switcher), else ``LANGUAGE_CODE`` ("fr").
Django's ``LocaleMiddleware``, which runs next, then finds no Accept-Language header to follow.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class IgnoreBrowserLanguageMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        return self.get_response(request)
