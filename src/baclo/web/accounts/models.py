"""Users, their role, and API tokens.

A user has exactly one role. The role decides what they may see (``care.access``); Django's
``is_staff``/``is_superuser`` only open the admin site.
"""

from __future__ import annotations

import hashlib
import secrets

from django.contrib.auth.models import AbstractUser
from django.contrib.sessions.base_session import AbstractBaseSession
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PATIENT = "patient", _("Patient")
    PRESCRIBER = "prescriber", _("Prescriber")
    ASSOCIATION = "association", _("Association")
    STAFF = "staff", _("Staff")


class Language(models.TextChoices):
    FR = "fr", "Français"
    EN = "en", "English"


class User(AbstractUser):
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.PATIENT)
    language = models.CharField(
        _("language"), max_length=2, choices=Language.choices, default=Language.FR
    )
    # A prescriber's professional identifier (France: RPPS, baclo.identifiers), checked by the
    # association's staff against the public directory; until then the account is unverified:
    # it may ask patients for links (shown "unverified" to them) but not raise a ceiling above
    # the label maximum (care.services).
    rpps = models.CharField(_("RPPS number"), max_length=11, blank=True, default="")
    verified_at = models.DateTimeField(null=True, blank=True)
    verified_by = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    @property
    def display_name(self) -> str:
        """The name the person chose to be shown by (first and last name), else their login."""
        return self.get_full_name() or self.get_username()

    @property
    def is_patient(self) -> bool:
        return self.role == Role.PATIENT

    @property
    def is_prescriber(self) -> bool:
        return self.role == Role.PRESCRIBER

    @property
    def is_verified_prescriber(self) -> bool:
        return self.role == Role.PRESCRIBER and self.verified_at is not None


def display_name_of(username: str) -> str:
    """The name the account ``username`` chose to be shown by; the login itself once the account
    is gone (a record such as a taper keeps the login it was made by)."""
    user = User.objects.filter(username=username).first() if username else None
    return username if user is None else user.display_name


def hash_token(key: str) -> str:
    """Only a SHA-256 of a token is stored: a leaked database leaks no usable token.

    A plain hash (no salt, no slow KDF) is enough because keys are 256 random bits, and it lets the
    lookup be one indexed query.
    """
    return hashlib.sha256(key.encode()).hexdigest()


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def issue(self, user: User) -> tuple[ApiToken, str]:
        """Create a token for ``user``; the clear key is returned once and never stored."""
        key = secrets.token_urlsafe(32)
        return self.create(user=user, key_hash=hash_token(key)), key

    def revoke(self, user: User, token_id: int) -> bool:
        """Delete ``user``'s token ``token_id`` (it answers 401 from the next request on); False
        when there is no such token of theirs, whoever else it may belong to."""
        deleted, _ = self.filter(user=user, pk=token_id).delete()
        return deleted > 0


class ApiToken(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    key_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    def __str__(self) -> str:
        return f"token {self.pk} of {self.user}"


class UserSession(AbstractBaseSession):
    """A browser session tied to its user and deleted with them (see ``accounts.sessions``)."""

    user = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="sessions"
    )

    @classmethod
    def get_session_store_class(cls) -> type:
        from baclo.web.accounts.sessions import SessionStore

        return SessionStore
