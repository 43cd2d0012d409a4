"""The installable app (manifest, service worker, offline page) and the reminders."""

from __future__ import annotations

from django.urls import path, re_path

from baclo.web.phone import pwa, views

app_name = "phone"
urlpatterns = [
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("favicon.ico", pwa.favicon, name="favicon"),
    path("offline/", pwa.offline, name="offline"),
    path("reminders/", views.page, name="reminders"),
    path("reminders/calendar/new/", views.new_feed, name="new_feed"),
    path("reminders/calendar/stop/", views.revoke_feed, name="revoke_feed"),
    path("reminders/intakes.ics", views.download, name="download"),
    # Tokens are URL-safe base64: anything else (a NUL byte...) is no address, never a query.
    re_path(r"^calendar/(?P<token>[A-Za-z0-9_-]{1,64})\.ics$", views.feed, name="feed"),
    path("stock/", views.stock_page, name="stock"),
]
