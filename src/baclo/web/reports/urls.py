"""The consultation report as a PDF: ``?from=YYYY-MM-DD&to=YYYY-MM-DD``, the last six weeks by
default."""

from __future__ import annotations

from django.urls import path

from baclo.web.reports import views

app_name = "reports"
urlpatterns = [
    path("patients/<int:patient_id>/report.pdf", views.patient_report, name="patient"),
    path("me/report.pdf", views.my_report, name="mine"),
]
