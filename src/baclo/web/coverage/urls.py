"""The timing card's one action."""

from __future__ import annotations

from django.urls import path

from baclo.web.coverage import views

app_name = "coverage"
urlpatterns = [
    path("charts/timing/apply/", views.apply, name="apply"),
]
