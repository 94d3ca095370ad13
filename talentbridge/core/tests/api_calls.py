"""Calling the JSON API in tests: the header of a bearer token, a JSON body sent with a method,
and the fields a refusal (422) names."""

from __future__ import annotations

import json

from talentbridge.accounts.models import ApiToken


def bearer(key: str) -> dict:
    """The header that presents the API token ``key``."""
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def auth(user) -> dict:
    """The header of a new API token of ``user``."""
    _, key = ApiToken.issue(user, "tests")
    return bearer(key)


def post(client, url, body, headers):
    return client.post(url, data=json.dumps(body), content_type="application/json", **headers)


def patch(client, url, body, headers):
    return client.patch(url, data=json.dumps(body), content_type="application/json", **headers)


def put(client, url, body, headers):
    return client.put(url, data=json.dumps(body), content_type="application/json", **headers)


def field_errors(response) -> dict:
    """The errors of a 422, by the field each names."""
    return {e["field"]: e for e in response.json()["errors"]}
