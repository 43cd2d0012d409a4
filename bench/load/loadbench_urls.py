"""The app's URLs plus the floor: a bare Django view returning constant JSON, the best any
endpoint could do under the same server, middleware and settings."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def floor(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [
    path("load-bench/floor", floor),
    path("", include("baclo.web.urls")),
]
