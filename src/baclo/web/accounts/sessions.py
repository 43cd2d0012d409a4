"""Sessions that belong to their user: deleting an account deletes its sessions.

Django's database sessions keep the user's id inside the encoded data, where nothing can find
it: a deleted patient's session rows stayed in the table until they expired. Here each row also
has a foreign key to its user (``on_delete=CASCADE``), filled when the session is saved, so the
database itself removes a user's sessions with the user, and ``UserSession.objects.filter(user=)``
finds them (to log someone out everywhere). The model lives in ``accounts.models``.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.contrib.sessions.base_session import AbstractBaseSession

from baclo.web.accounts.models import UserSession


class SessionStore(DatabaseSessionStore):
    """The database store of :class:`UserSession` (``SESSION_ENGINE`` points at this module)."""

    @classmethod
    def get_model_class(cls) -> type[UserSession]:
        return UserSession

    def create_model_instance(self, data: dict[str, Any]) -> AbstractBaseSession:
        instance = super().create_model_instance(data)
        user_id = data.get(SESSION_KEY)
        instance.user_id = int(user_id) if user_id is not None else None  # type: ignore[attr-defined]
        return instance
