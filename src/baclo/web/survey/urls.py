"""Survey pages: the association's side under /survey/, anonymous answering under /s/<slug>/."""

from __future__ import annotations

from django.urls import path

from baclo.web.survey.views import answer, dashboard, data, design, pooling

app_name = "survey"
urlpatterns = [
    path("survey/", design.survey_list, name="list"),
    path("survey/ready-made/", design.ready_made, name="ready_made"),
    path("survey/<int:pk>/", design.detail, name="detail"),
    path("survey/<int:pk>/status/", design.set_status, name="status"),
    path(
        "survey/<int:pk>/questions/<int:question_pk>/delete/",
        design.delete_question,
        name="delete_question",
    ),
    path("survey/<int:pk>/import/", data.import_csv, name="import"),
    path("survey/<int:pk>/export.csv", data.export_csv, name="export"),
    path("survey/dashboard/", dashboard.dashboard, name="dashboard"),
    path("survey/dashboard/report.csv", dashboard.report_export, name="report_csv"),
    path("survey/dashboard/report.pdf", dashboard.report_pdf, name="report_pdf"),
    path("sharing/association/", pooling.share, name="share"),
    path("s/<str:slug>/", answer.answer, name="answer"),
    path("s/<str:slug>/thanks/", answer.thanks, name="thanks"),
]
