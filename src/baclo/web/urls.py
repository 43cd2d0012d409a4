"""Root URLs: the API under /api/v1/, the admin, and the pages (W2's apps add theirs here)."""

from django.contrib import admin
from django.urls import include, path

from baclo.web.api.main import api
from baclo.web.care import urls as care_urls
from baclo.web.patients import urls as patient_urls

urlpatterns = [
    path("", include("baclo.web.accounts.urls")),
    path("", include("baclo.web.privacy.urls")),
    path("", include("baclo.web.journal.urls")),
    # The prescriber's patient pages keep their care names: one namespace for both.
    path("", include((care_urls.urlpatterns + patient_urls.urlpatterns, care_urls.app_name))),
    path("", include("baclo.web.survey.urls")),
    path("", include("baclo.web.safety.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("", include("baclo.web.reports.urls")),
    path("", include("baclo.web.phone.urls")),
    path("", include("baclo.web.levels.urls")),
    path("", include("baclo.web.coverage.urls")),
    path("admin/", admin.site.urls),
    path("api/v1/", api.urls),
]
