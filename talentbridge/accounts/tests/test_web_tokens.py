"""The administrators' API token page: listing, issuing (secret shown once) and revoking."""

import pytest

from talentbridge.accounts import services
from talentbridge.accounts.models import ApiToken
from talentbridge.audit.models import AuditAction, AuditEvent
from talentbridge.people.tests.factories import error_summary, make_world

TOKENS = "/accounts/tokens/"
ISSUE = "/accounts/tokens/issue/"


@pytest.fixture
def world(db):
    return make_world()


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
def test_it_refuses_non_administrators(client, world, who):
    token, _ = ApiToken.issue(world.alice, "ESR import")
    client.force_login(getattr(world, who))
    assert client.get(TOKENS).status_code == 403
    assert client.post(ISSUE, {"username": who, "name": "mine"}).status_code == 403
    assert client.post(revoke_url(token.prefix)).status_code == 403
    assert ApiToken.objects.count() == 1 and ApiToken.objects.active().count() == 1


def test_it_sends_anonymous_users_to_sign_in(client, world):
    response = client.get(TOKENS)
    assert response.status_code == 302 and "/accounts/sign-in/" in response["Location"]


def test_it_issues_a_token_and_shows_the_secret_once(client, world):
    client.force_login(world.admin)
    response = client.post(ISSUE, {"username": "alice", "name": "Workforce import"})
    assert response.status_code == 200
    page = response.content.decode()
    token = ApiToken.objects.get()
    assert token.user == world.alice and token.created_by == world.admin
    secret = page.split('id="token-secret"', 1)[1].split(">", 1)[1].split("<", 1)[0]
    assert secret.startswith(f"tb_{token.prefix}_")
    assert token.key_hash == ApiToken.hash_key(secret)
    assert "only time the secret is shown" in page
    assert "no-store" in response["Cache-Control"]
    assert secret not in client.get(TOKENS).content.decode()
    event = AuditEvent.objects.get(action=AuditAction.ISSUE_TOKEN)
    assert event.actor_label == "admin" and event.detail["owner"] == "alice"
    assert secret not in str(event.detail) + event.target_label


def test_it_rejects_an_unknown_username_and_changes_nothing(client, world):
    client.force_login(world.admin)
    response = client.post(ISSUE, {"username": "zoe", "name": "x"})
    page = response.content.decode()
    assert "There is a problem" in page
    assert 'There is no user with username "zoe"' in error_summary(response)
    assert ApiToken.objects.count() == 0
    assert not AuditEvent.objects.filter(action=AuditAction.ISSUE_TOKEN).exists()


def test_it_rejects_an_over_long_name(client, world):
    client.force_login(world.admin)
    page = client.post(ISSUE, {"username": "alice", "name": "x" * 101}).content.decode()
    assert "Token name must be 100 characters or fewer" in page
    assert ApiToken.objects.count() == 0


def test_it_revokes_a_token_by_post(client, world):
    token, _ = ApiToken.issue(world.alice, "ESR import")
    client.force_login(world.admin)
    assert client.get(revoke_url(token.prefix)).status_code == 405
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


def test_the_services_refuse_non_administrators(world):
    with pytest.raises(services.PermissionDenied):
        services.issue_token(world.bob, "bob", "mine")
    assert services.role_labels(world.bob) == [
        "Organisation talent lead – Guy's and St Thomas' NHS Foundation Trust"]
