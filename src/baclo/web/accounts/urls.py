"""Account pages. Django's auth views keep their usual names (login, password_reset, ...)."""

from __future__ import annotations

from django.contrib.auth import views as auth_views
from django.urls import path

from baclo.web.accounts import staff_views, views

urlpatterns = [
    path("", views.home, name="home"),
    path("accounts/login/", views.BacloLoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/register/", views.register, name="register"),
    path("staff/prescribers/", staff_views.prescribers, name="staff_prescribers"),
    path("i18n/setlang/", views.switch_language, name="set_language"),
    path("accounts/password/change/", views.AccountView.as_view(), name="password_change"),
    path("accounts/tokens/<int:pk>/revoke/", views.revoke_token, name="revoke_token"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", auth_views.PasswordResetView.as_view(), name="password_reset"),
    path(
        "accounts/password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/complete/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
]
