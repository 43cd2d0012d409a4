"""Patient pages: today, the journal by day, charts, the split planner, progress."""

from __future__ import annotations

from django.urls import path, register_converter

from baclo.web.journal import taps, views
from baclo.web.pages import IsoDateConverter

register_converter(IsoDateConverter, "isodate")

app_name = "journal"
urlpatterns = [
    path("today/", views.today, name="today"),
    path("today/intakes/", taps.tap, name="tap"),
    path("journal/", views.day, name="day_today"),
    path("journal/<isodate:day>/", views.day, name="day"),
    path("charts/", views.charts, name="charts"),
    path("charts/planner/", views.planner, name="planner"),
    path("progress/", views.dashboard, name="dashboard"),
]
