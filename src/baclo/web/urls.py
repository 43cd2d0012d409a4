"""Root URLs: the API under /api/v1/, the admin, and the pages (W2's apps add theirs here)."""

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.urls import path


def home(request: HttpRequest) -> HttpResponse:
    """Placeholder home page until the page views land."""
    return HttpResponse("baclo", content_type="text/plain; charset=utf-8")


urlpatterns = [
    path("", home, name="home"),
    path("admin/", admin.site.urls),
]
