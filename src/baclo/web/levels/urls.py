"""Measured levels of a patient (prescriber pages)."""

from __future__ import annotations

from django.urls import path

from baclo.web.levels import views

app_name = "levels"
urlpatterns = [
    path("patients/<int:patient_id>/levels/", views.enter_level, name="enter"),
]
