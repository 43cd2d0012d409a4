"""``POST /auth/token`` and revoking tokens, ``GET /me`` and ``DELETE /me`` (the account and all
its data)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import authenticate
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from baclo.web.accounts.models import ApiToken
from baclo.web.api.auth import BearerToken
from baclo.web.api.common import caller, json_body
from baclo.web.privacy.services import delete_account
from baclo.web.throttle import ACCOUNT_LOGIN_FAILURES, SharedRateThrottle

router = Router(tags=["accounts"])


class Credentials(Schema):
    username: str
    password: str


class TokenOut(Schema):
    token: str


class Me(Schema):
    id: int
    username: str
    role: str
    language: str


class Problem(Schema):
    detail: str


@router.post(
    "/auth/token",
    auth=None,
    response={200: TokenOut, 401: Problem, 429: Problem},
    # Slows password guessing; a person logs in a few times a day at most.
    throttle=[SharedRateThrottle("token", limit=20, window_s=60)],
    summary="Exchange a username and password for a bearer token",
)
def token(request: HttpRequest, credentials: Credentials) -> Status[dict[str, str]]:
    if not ACCOUNT_LOGIN_FAILURES.allow(credentials.username):
        return Status(429, {"detail": "too many failed attempts for this account: wait a minute"})
    user = authenticate(request, username=credentials.username, password=credentials.password)
    if user is None:
        return Status(401, {"detail": "invalid username or password"})
    ACCOUNT_LOGIN_FAILURES.give_back(credentials.username)
    _, key = ApiToken.objects.issue(user)
    return Status(200, {"token": key})


class TokenInfo(Schema):
    id: int
    created_at: dt.datetime
    last_used_at: dt.datetime | None
    current: bool


@router.delete(
    "/auth/token",
    auth=[BearerToken()],
    response={204: None},
    summary="Revoke the bearer token of this request (it answers 401 from now on)",
)
def revoke_current_token(request: HttpRequest) -> HttpResponse:
    token = request.api_token  # type: ignore[attr-defined]
    ApiToken.objects.revoke(caller(request), token.pk)
    return HttpResponse(status=204)


@router.get("/auth/tokens", response=list[TokenInfo], summary="Your API tokens, newest first")
def list_tokens(request: HttpRequest) -> list[dict[str, object]]:
    current = getattr(request, "api_token", None)
    return [
        {
            "id": token.pk,
            "created_at": token.created_at,
            "last_used_at": token.last_used_at,
            "current": current is not None and token.pk == current.pk,
        }
        for token in ApiToken.objects.filter(user=caller(request)).order_by("-created_at", "-pk")
    ]


@router.delete(
    "/auth/tokens/{token_id}",
    response={204: None},
    summary="Revoke one of your API tokens (another user's answers 404)",
)
def revoke_token(request: HttpRequest, token_id: int) -> HttpResponse:
    if not ApiToken.objects.revoke(caller(request), token_id):
        raise Http404("no such token")
    return HttpResponse(status=204)


@router.get("/me", response=Me, summary="Who the caller is")
def me(request: HttpRequest) -> dict[str, object]:
    user = caller(request)
    return {"id": user.pk, "username": user.username, "role": user.role, "language": user.language}


DELETE_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {
                "schema": {
                    "type": "object",
                    "required": ["password"],
                    "properties": {"password": {"type": "string"}},
                }
            }
        },
    }
}


@router.delete(
    "/me",
    response={204: None},
    openapi_extra=DELETE_BODY,
    summary="Delete your account and all your data (your password is asked again)",
)
def delete_me(request: HttpRequest) -> HttpResponse:
    body = json_body(request)
    password = body.get("password") if isinstance(body, dict) else None
    delete_account(caller(request), password)
    return HttpResponse(status=204)
