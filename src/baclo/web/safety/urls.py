"""Safety pages: alerts and one-tap actions, questionnaires, health facts, access log, triage."""

from __future__ import annotations

from django.urls import path

from baclo.web.safety import kidney, patient_views, prescriber_views, questionnaire_views

app_name = "safety"
urlpatterns = [
    path("safety/", patient_views.overview, name="overview"),
    path("safety/alerts/<int:alert_id>/apply/<int:index>/", patient_views.apply, name="apply"),
    path("safety/alerts/<int:alert_id>/dismiss/", patient_views.dismiss, name="dismiss"),
    path("safety/health/", patient_views.health, name="health"),
    path("safety/access-log/", patient_views.access_log, name="access_log"),
    path("safety/kidney/", kidney.kidney, name="kidney"),
    path("questionnaires/", questionnaire_views.questionnaires, name="questionnaires"),
    path("questionnaires/<slug:instrument_id>/", questionnaire_views.answer, name="answer"),
    path(
        "patients/<int:patient_id>/alerts/",
        prescriber_views.patient_alerts,
        name="patient_alerts",
    ),
    path(
        "patients/<int:patient_id>/alerts/<int:alert_id>/acknowledge/",
        prescriber_views.acknowledge,
        name="acknowledge",
    ),
]
