"""The installable web app: its manifest, its service worker and the offline fallback page.

The service worker is served from the site root (``/sw.js``), so that its scope covers every
page. It keeps the app shell (stylesheet, scripts, icons) and the patient's recently read pages
on the phone, and the journal's offline queue lives beside it (``phone/offline.js``), sent by
the journal's conditional ``PUT`` (docs/api.md, "Versions").
"""

from __future__ import annotations

import functools
import hashlib
import json
from typing import Any

from django.conf import settings
from django.contrib.staticfiles import finders
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from baclo import __version__

THEME_COLOUR = "#1f5f8b"
BACKGROUND_COLOUR = "#f6f7f9"
#: Static files kept on the phone from the first visit: enough to draw every patient page.
SHELL_ASSETS = (
    "baclo/site.css",
    "baclo/journal.js",
    "baclo/charts.js",
    "vendor/chartjs/chart.umd.min.js",
    "phone/offline.js",
    "phone/phone.css",
    "phone/icons/icon-192.png",
    "phone/icons/favicon.ico",
)
#: Patient pages that the service worker keeps a copy of when they are read (network first).
OFFLINE_PAGES = ("journal:today", "journal:day_today", "care:plan")


def _asset_digest(names: tuple[str, ...]) -> str:
    """A digest of the shell files' contents: a new release gets a new cache, the old one goes."""
    digest = hashlib.sha256(__version__.encode())
    for name in names:
        found = finders.find(name)
        if isinstance(found, str):
            with open(found, "rb") as handle:
                digest.update(handle.read())
    return digest.hexdigest()[:12]


_cached_digest = functools.lru_cache(maxsize=1)(_asset_digest)


def shell_version() -> str:
    """The cache version; recomputed on every request in development, where files change."""
    return _asset_digest(SHELL_ASSETS) if settings.DEBUG else _cached_digest(SHELL_ASSETS)


@require_GET
def manifest(request: HttpRequest) -> JsonResponse:
    """The Web App Manifest: name, icons, colours, start page, standalone display."""
    icons: list[dict[str, Any]] = [
        {
            "src": static(f"phone/icons/icon-{size}.png"),
            "sizes": f"{size}x{size}",
            "type": "image/png",
            "purpose": "any",
        }
        for size in (192, 512)
    ]
    icons.append(
        {
            "src": static("phone/icons/icon-maskable-512.png"),
            "sizes": "512x512",
            "type": "image/png",
            "purpose": "maskable",
        }
    )
    data = {
        "name": _("baclo: baclofen, day by day"),
        "short_name": "baclo",
        "description": _("Today's doses, the daily journal and reminders of a baclofen treatment."),
        "lang": request.LANGUAGE_CODE,
        "id": "/",
        "start_url": reverse("home"),
        "scope": "/",
        "display": "standalone",
        "orientation": "portrait",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": icons,
    }
    return JsonResponse(data, content_type="application/manifest+json")


@require_GET
@cache_control(no_cache=True)
def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker script, at the root so that its scope is the whole site.

    Browsers check it for updates on every navigation (``no-cache``); its text changes with
    :func:`shell_version`, which makes the browser install the new release.
    """
    config = {
        "version": shell_version(),
        "shell": [static(name) for name in SHELL_ASSETS],
        "offlineUrl": reverse("phone:offline"),
        "pages": [reverse(name) for name in OFFLINE_PAGES],
        "staticPrefix": settings.STATIC_URL,
    }
    # JSON is valid JavaScript; "</" cannot occur in these URLs, and the file is no HTML page.
    context = {"config": mark_safe(json.dumps(config))}
    return render(request, "phone/sw.js", context, content_type="text/javascript")


@require_GET
def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says."""
    return redirect(static("phone/icons/favicon.ico"), permanent=True)


@require_GET
def offline(request: HttpRequest) -> HttpResponse:
    """What the service worker shows for a page it has never kept, when the network is down."""
    return render(request, "phone/offline.html")
