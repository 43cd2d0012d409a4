"""The installable app (manifest, service worker, offline page)."""

from __future__ import annotations

from django.urls import path

from baclo.web.phone import pwa

app_name = "phone"
urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("offline/", pwa.offline, name="offline"),
]
