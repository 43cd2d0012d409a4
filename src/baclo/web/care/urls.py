"""Care pages: the plan, sharing with a prescriber, and the prescriber's patients."""

from __future__ import annotations

from django.urls import path

from baclo.web.care import views

app_name = "care"
urlpatterns = [
    path("plan/", views.plan, name="plan"),
    path("sharing/", views.sharing, name="sharing"),
    path("patients/", views.patients, name="patients"),
    path("patients/add/", views.enter_code, name="enter_code"),
    path("patients/<int:patient_id>/", views.patient_detail, name="patient"),
    path("patients/<int:patient_id>/plan/", views.patient_plan, name="patient_plan"),
]
