"""API authentication: bearer tokens for programs, the Django session (with CSRF) for pages."""

from __future__ import annotations

import datetime as dt

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import HttpBearer, SessionAuth

from baclo.web.accounts.models import ApiToken, User, hash_token

# Writing last_used_at on every request would turn each read into a write; once a minute is
# enough to tell a user which token is alive.
LAST_USED_RESOLUTION = dt.timedelta(minutes=1)


class BearerToken(HttpBearer):
    def authenticate(self, request: HttpRequest, token: str) -> User | None:
        found = (
            ApiToken.objects.select_related("user")
            .filter(key_hash=hash_token(token), user__is_active=True)
            .first()
        )
        if found is None:
            return None
        now = timezone.now()
        if found.last_used_at is None or now - found.last_used_at > LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = found.user
        request.api_token = found  # type: ignore[attr-defined]  # DELETE /auth/token revokes it
        return found.user


API_AUTH = [BearerToken(), SessionAuth()]
