"""The prescriber's patient pages, named in the ``care`` namespace (composed in the root URLs)."""

from __future__ import annotations

from django.urls import path

from baclo.web.patients import views

urlpatterns = [
    path("patients/", views.patients, name="patients"),
    path("patients/<int:patient_id>/", views.patient_detail, name="patient"),
]
