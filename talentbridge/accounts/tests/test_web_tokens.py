"""The API tokens page: everyone issues and revokes their own, administrators see and revoke
everyone's; secret shown once; expiry and scopes shown."""

import datetime as dt

import pytest

from talentbridge.accounts import services
from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.core.jinja_helpers import nhs_datetime
from talentbridge.core.tests.confirming import assert_asks_first
from talentbridge.people.tests.factories import error_summary
from talentbridge.people.tests.factories import page_text

TOKENS = "/accounts/tokens/"
ISSUE = "/accounts/tokens/issue/"


def revoke_url(prefix):
    return f"/accounts/tokens/{prefix}/revoke/"


def test_it_lists_tokens_for_an_administrator(client, world):
    token, _ = ApiToken.issue(world.alice, "ESR import", created_by=world.admin)
    client.force_login(world.admin)
    response = client.get(TOKENS)
    assert response.status_code == 200
    page = response.content.decode()
    assert token.prefix in page and "ESR import" in page and "alice" in page
    assert "Never" in page and "Active" in page
    assert "<caption" in page and 'scope="col"' in page


@pytest.mark.parametrize("who", ["alice", "bob", "charlie"])
def test_others_see_and_revoke_only_their_own(client, world, who):
    user = getattr(world, who)
    theirs, _ = ApiToken.issue(world.admin, "Admin's script")
    mine, _ = ApiToken.issue(user, "My laptop")
    client.force_login(user)
    page = client.get(TOKENS).content.decode()
    assert mine.prefix in page and theirs.prefix not in page and "Your API tokens" in page
    page = page_text(client.post(revoke_url(theirs.prefix), follow=True))
    assert f'There is no API token with prefix "{theirs.prefix}"' in page
    assert ApiToken.objects.get(pk=theirs.pk).revoked_at is None
    client.post(revoke_url(mine.prefix))
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None


def test_an_issued_token_is_the_issuers_own_even_for_an_administrator(client, world):
    client.force_login(world.admin)
    page = client.get(TOKENS).content.decode()
    assert 'name="username"' not in page  # there is no field for whose it is
    client.post(ISSUE, {"username": "alice", "name": "as alice", "scopes": ["read"],
                        "days": "90"})
    assert not ApiToken.objects.filter(user=world.alice).exists()
    assert ApiToken.objects.get().user == world.admin


def test_expiry_is_shown_and_expired_tokens_say_so(client, world):
    from django.utils import timezone

    from talentbridge.core.jinja_helpers import nhs_datetime

    token, _ = ApiToken.issue(world.alice, "Old import")
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(days=1))
    token.refresh_from_db()
    client.force_login(world.alice)
    page = page_text(client.get(TOKENS))
    assert "Expires" in page and nhs_datetime(token.expires_at) in page
    row = page.split(token.prefix, 1)[1]
    assert "Expired" in row.split("Revoke", 1)[0]


def test_it_sends_anonymous_users_to_sign_in(client, world):
    response = client.get(TOKENS)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_it_issues_a_token_and_shows_the_secret_once(client, world):
    client.force_login(world.admin)
    response = client.post(ISSUE, {"name": "Workforce import", "scopes": ["read", "import"],
                                   "days": "30"})
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == world.admin and token.created_by == world.admin
    assert token.scopes == ["read", "import"]
    assert 29 < (token.expires_at - token.created_at).total_seconds() / 86400 <= 30
    assert nhs_datetime(token.expires_at) in page
    secret = page.split('id="token-secret"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert secret.startswith(f"tb_{token.prefix}_")
    assert token.key_hash == ApiToken.hash_key(secret)
    assert "only time the secret is shown" in page
    assert "no-store" in response["Cache-Control"]
    assert secret not in client.get(TOKENS).content.decode()
    event = AuditEvent.objects.get(action=AuditAction.ISSUE_TOKEN)
    assert event.actor.username == "admin" and event.detail["owner"] == event.actor_id
    assert secret not in str(event.detail) + event.target_label


@pytest.mark.parametrize(("data", "message"), [
    ({"name": "x", "scopes": ["everything"], "days": "90"}, "everything"),
    ({"name": "x", "days": "90"}, "Select what the token may do"),
    ({"name": "x", "scopes": ["read"], "days": "400"}, "366"),
    ({"name": "x", "scopes": ["read"], "days": "soon"}, "Days until it expires"),
])
def test_bad_choices_are_named_and_change_nothing(client, world, data, message):
    client.force_login(world.bob)
    response = client.post(ISSUE, data)
    assert message in error_summary(response)
    assert ApiToken.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.ISSUE_TOKEN).exists()


def test_it_rejects_an_over_long_name(client, world):
    client.force_login(world.admin)
    page = client.post(ISSUE, {"name": "x" * 101, "scopes": ["read"],
                               "days": "90"}).content.decode()
    assert "Token name must be 100 characters or fewer" in page
    assert ApiToken.objects.count() == 0


def test_it_revokes_a_token_by_post(client, world):
    token, _ = ApiToken.issue(world.alice, "ESR import")
    client.force_login(world.admin)
    assert client.get(revoke_url(token.prefix)).status_code == 200  # asks first
    token.refresh_from_db()
    assert token.revoked_at is None
    response = client.post(revoke_url(token.prefix), follow=True)
    assert "has been revoked" in response.content.decode()
    token.refresh_from_db()
    assert token.revoked_at is not None
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE_TOKEN,
                                     target_id=str(token.pk)).exists()
    # Revoking again says so and changes nothing.
    page = client.post(revoke_url(token.prefix), follow=True).content.decode()
    assert "already revoked" in page
    assert AuditEvent.objects.filter(action=AuditAction.REVOKE_TOKEN).count() == 1


def test_the_service_refuses_a_token_for_someone_else(world):
    with pytest.raises(services.PermissionDenied):
        services.issue_token(world.admin, "as bob", username="bob", scopes=["read"])
    assert not ApiToken.objects.exists()
    assert services.role_labels(world.bob) == [
        "Organisation talent lead – Guy's and St Thomas' NHS Foundation Trust"]


def test_revoking_asks_first_and_only_the_confirmation_revokes(client, world):
    mine, _ = ApiToken.issue(world.alice, "My laptop")
    client.force_login(world.alice)
    page = client.get(TOKENS).content.decode()
    assert f'href="{revoke_url(mine.prefix)}"' in page
    assert_asks_first(client, revoke_url(mine.prefix), button="Revoke the token", back=TOKENS,
                      question=f'revoke the API token "My laptop" ({mine.prefix})')
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is None
    client.post(revoke_url(mine.prefix))
    assert ApiToken.objects.get(pk=mine.pk).revoked_at is not None
    assert client.get(revoke_url(mine.prefix)).status_code == 404  # already revoked
