"""Single sign-on by OpenID Connect, end to end through the pages with a stand-in identity
provider that checks what a real one checks (client credentials, the redirect address, the
single-use code, PKCE) and signs real RS256 ID tokens, which our side verifies against its
published keys. Off unless configured; never creates accounts; binds the provider's subject
at the first sign-in; refuses tokens for another issuer or client; every outcome audited."""

from __future__ import annotations

import base64
import hashlib
import secrets
import time
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import parse_qs
from urllib.parse import urlparse

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from talentbridge.accounts.models import SingleSignOnIdentity
from talentbridge.accounts.models import User
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_user
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db

ISSUER = "https://login.example.nhs.uk/tenant"
CLIENT_ID, CLIENT_SECRET = "talentbridge", "client-secret"


@dataclass
class Response:
    status_code: int
    body: dict
    url: str = ""
    headers: dict = field(default_factory=lambda: {"content-type": "application/json"})

    def json(self) -> dict:
        return self.body

    @property
    def text(self) -> str:
        return str(self.body)

    def raise_for_status(self) -> None:
        if self.status_code >= 400:
            import requests

            raise requests.HTTPError(f"{self.status_code} {self.body}", response=self)


class IdentityProvider:
    """Just enough of an OpenID provider, over the `requests` calls the client makes."""

    def __init__(self) -> None:
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.codes: dict[str, dict] = {}
        self.access: dict[str, dict] = {}
        self.token_overrides: dict = {}
        self.userinfo_overrides: dict = {}

    # the browser's visit to the authorisation endpoint: the user signs in as `claims`
    def authorize(self, location: str, claims: dict) -> str:
        query = {k: v[0] for k, v in parse_qs(urlparse(location).query).items()}
        assert location.startswith(f"{ISSUER}/authorize?")
        assert query["client_id"] == CLIENT_ID and query["response_type"] == "code"
        assert "openid" in query["scope"].split()
        assert query["code_challenge_method"] == "S256"
        code = secrets.token_urlsafe(16)
        self.codes[code] = {"query": query, "claims": claims}
        return f"{query['redirect_uri']}?code={code}&state={query['state']}"

    # the server-to-server calls (monkeypatched in as `requests`)
    def post(self, url, data=None, auth=None, **_):
        assert url == f"{ISSUER}/token"
        grant = self.codes.pop(data.get("code"), None)  # a code works once
        if (grant is None or data.get("client_id") != CLIENT_ID
                or data.get("client_secret") != CLIENT_SECRET
                or data.get("redirect_uri") != grant["query"]["redirect_uri"]):
            return Response(400, {"error": "invalid_grant"}, url)
        verifier = data.get("code_verifier", "")
        challenge = base64.urlsafe_b64encode(
            hashlib.sha256(verifier.encode()).digest()).rstrip(b"=").decode()
        if challenge != grant["query"]["code_challenge"]:
            return Response(400, {"error": "invalid_grant", "why": "PKCE"}, url)
        claims = grant["claims"]
        now = int(time.time())
        id_token = jwt.encode(
            {"iss": ISSUER, "aud": CLIENT_ID, "sub": claims["sub"], "iat": now,
             "exp": now + 300, "nonce": grant["query"]["nonce"], **self.token_overrides},
            self.key, algorithm="RS256", headers={"kid": "k1"})
        access_token = secrets.token_urlsafe(16)
        self.access[access_token] = {**claims, **self.userinfo_overrides}
        return Response(200, {"id_token": id_token, "access_token": access_token,
                              "token_type": "Bearer"}, url)

    def get(self, url, headers=None, **_):
        if url == f"{ISSUER}/jwks":
            public = jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key(), as_dict=True)
            return Response(200, {"keys": [{**public, "kid": "k1", "alg": "RS256",
                                            "use": "sig"}]}, url)
        assert url == f"{ISSUER}/userinfo"
        token = (headers or {}).get("Authorization", "").removeprefix("Bearer ")
        if token not in self.access:
            return Response(401, {"error": "invalid_token"}, url)
        return Response(200, self.access[token], url)


@pytest.fixture
def idp(settings, monkeypatch):
    provider = IdentityProvider()
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_RP_CLIENT_SECRET = CLIENT_SECRET
    settings.OIDC_OP_ISSUER = ISSUER
    settings.OIDC_OP_AUTHORIZATION_ENDPOINT = f"{ISSUER}/authorize"
    settings.OIDC_OP_TOKEN_ENDPOINT = f"{ISSUER}/token"
    settings.OIDC_OP_USER_ENDPOINT = f"{ISSUER}/userinfo"
    settings.OIDC_OP_JWKS_ENDPOINT = f"{ISSUER}/jwks"
    settings.OIDC_REQUIRE_EMAIL_VERIFIED = True
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.post", provider.post)
    monkeypatch.setattr("mozilla_django_oidc.auth.requests.get", provider.get)
    return provider


def sso(client, idp, claims: dict, next_url: str = "/people/"):
    """Press the button, sign in at the provider as `claims`, come back."""
    start = client.get(f"/accounts/sso/start/?next={next_url}")
    assert start.status_code == 302
    back = idp.authorize(start["Location"], claims)
    return client.get(back.removeprefix("http://testserver"))


def signed_in_as(client) -> str | None:
    me = client.get("/api/v1/me")
    return me.json()["username"] if me.status_code == 200 else None


def alice_claims(**extra) -> dict:
    return {"sub": "entra-0001", "email": "Alice.Ashworth@nhs.net", "email_verified": True,
            **extra}


@pytest.fixture
def alice(db):
    return make_user("alice", email="alice.ashworth@nhs.net")


def test_off_unless_configured(client, alice):
    page = page_text(client.get("/accounts/sign-in/"))
    assert "NHS account" not in page
    assert client.get("/accounts/sso/start/").status_code == 404
    assert client.get("/accounts/sso/finish/?code=x&state=y").status_code == 404


def test_signing_in_binds_the_identity_and_is_audited(client, idp, alice):
    assert "Sign in with your NHS account" in page_text(client.get("/accounts/sign-in/"))
    response = sso(client, idp, alice_claims())
    assert response.status_code == 302 and response["Location"] == "/people/"
    assert signed_in_as(client) == "alice"
    identity = SingleSignOnIdentity.objects.get()
    assert (identity.user, identity.issuer, identity.subject) == (alice, ISSUER, "entra-0001")
    event = AuditEvent.objects.get(action=AuditAction.SIGN_IN)
    assert event.actor_id == alice.pk and event.detail == {"method": "single sign-on"}


def _refused(client, response) -> None:
    assert response.status_code == 302
    assert response["Location"] == "/accounts/sign-in/?sso=refused"
    assert signed_in_as(client) is None
    assert "could not be used to sign in" in page_text(client.get(response["Location"]))
    assert AuditEvent.objects.filter(action=AuditAction.SIGN_IN_FAILED).exists()


def test_no_account_is_ever_created(client, idp, alice):
    _refused(client, sso(client, idp, alice_claims(sub="x-9", email="nobody@nhs.net")))
    assert User.objects.count() == 1 and not SingleSignOnIdentity.objects.exists()


@pytest.mark.parametrize("verified", [False, None])
def test_an_unverified_email_is_refused_unless_the_provider_is_trusted(
        client, idp, alice, settings, verified):
    claims = alice_claims(email_verified=verified)
    _refused(client, sso(client, idp, claims))
    settings.OIDC_REQUIRE_EMAIL_VERIFIED = False
    sso(client, idp, claims)
    assert signed_in_as(client) == "alice"


def test_once_bound_the_subject_not_the_email_decides(client, idp, alice):
    sso(client, idp, alice_claims())
    client.logout()
    # another provider account that claims Alice's e-mail is refused ...
    _refused(client, sso(client, idp, alice_claims(sub="entra-6666")))
    # ... and Alice's own still works after her e-mail changes at the provider
    sso(client, idp, alice_claims(email="a.ashworth@nhs.net"))
    assert signed_in_as(client) == "alice"


def test_inactive_accounts_are_refused(client, idp, alice):
    User.objects.filter(pk=alice.pk).update(is_active=False)
    _refused(client, sso(client, idp, alice_claims()))


@pytest.mark.parametrize("override", [{"iss": "https://evil.example.com"},
                                      {"aud": "another-client"}])
def test_tokens_for_another_issuer_or_client_are_refused(client, idp, alice, override):
    idp.token_overrides = override
    _refused(client, sso(client, idp, alice_claims()))


def test_userinfo_for_another_subject_is_refused(client, idp, alice):
    idp.userinfo_overrides = {"sub": "entra-6666"}
    _refused(client, sso(client, idp, alice_claims()))


def test_a_state_works_once(client, idp, alice):
    start = client.get("/accounts/sso/start/")
    back = idp.authorize(start["Location"], alice_claims()).removeprefix("http://testserver")
    client.get(back)
    client.logout()
    _refused(client, client.get(back))


def test_a_password_sign_in_never_reaches_the_provider(client, idp, alice):
    alice.set_password("a-long-password-2026")
    alice.save()
    idp.post = idp.get = None  # any call to the provider would fail
    response = client.post("/accounts/sign-in/?code=x&state=y",
                           {"username": "alice", "password": "a-long-password-2026"})
    assert response.status_code == 302 and signed_in_as(client) == "alice"


def test_a_partial_configuration_is_named_at_start_up(settings):
    from talentbridge.accounts.checks import single_sign_on

    assert single_sign_on(None) == []  # none set: off, nothing to say
    settings.OIDC_RP_CLIENT_ID = CLIENT_ID
    settings.OIDC_OP_ISSUER = ISSUER
    (warning,) = single_sign_on(None)
    assert "OIDC_OP_TOKEN_ENDPOINT" in warning.msg and "OIDC_RP_CLIENT_ID" not in warning.msg
