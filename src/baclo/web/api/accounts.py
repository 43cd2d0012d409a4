"""``POST /auth/token``, ``GET /me`` and ``DELETE /me`` (the account and all its data)."""

from __future__ import annotations

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponse
from ninja import Router, Schema, Status

from baclo.web.accounts.models import ApiToken
from baclo.web.accounts.services import delete_account
from baclo.web.api.common import caller, json_body
from baclo.web.api.throttle import SharedRateThrottle

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
    response={200: TokenOut, 401: Problem},
    # Slows password guessing; a person logs in a few times a day at most.
    throttle=[SharedRateThrottle("token", limit=20, window_s=60)],
    summary="Exchange a username and password for a bearer token",
)
def token(request: HttpRequest, credentials: Credentials) -> Status[dict[str, str]]:
    user = authenticate(request, username=credentials.username, password=credentials.password)
    if user is None:
        return Status(401, {"detail": "invalid username or password"})
    _, key = ApiToken.objects.issue(user)
    return Status(200, {"token": key})


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
