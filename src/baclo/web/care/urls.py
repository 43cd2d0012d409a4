"""Care pages: the plan and sharing with a prescriber (the prescriber's patient pages are
:mod:`baclo.web.patients`, under the same ``care`` names)."""

from __future__ import annotations

from django.urls import path

from baclo.web.care import views

app_name = "care"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("sharing/", views.sharing, name="sharing"),
    path("patients/add/", views.enter_code, name="enter_code"),
    path("patients/<int:patient_id>/plan/", views.patient_plan, name="patient_plan"),
]
