"""The "my data" pages, under the account's URLs."""

from __future__ import annotations

from django.urls import path

from baclo.web.privacy import views

urlpatterns = [
    path("accounts/export/<slug:kind>/", views.export, name="export"),
    path("accounts/delete/", views.delete_me, name="delete_account"),
]
