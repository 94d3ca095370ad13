"""Every request gets an id of the server's own; a client's X-Request-ID is kept apart."""

import re

from talentbridge.audit.models import AuditAction
from talentbridge.audit.models import AuditEvent
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.test_web_detail import detail_url


def test_the_audit_trail_uses_the_servers_id_and_keeps_the_clients_apart(client, db):
    world = make_world()
    client.force_login(world.bob)
    response = client.get(detail_url(world.alice_person),
                          HTTP_X_REQUEST_ID="looks-like-someone-else")
    assert response.status_code == 200
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=world.bob).latest("pk")
    assert re.fullmatch(r"[0-9a-f]{32}", event.request_id)
    assert event.request_id == response["X-Request-ID"] != "looks-like-someone-else"
    assert event.detail["client_request_id"] == "looks-like-someone-else"


def test_an_unsafe_client_id_is_not_kept(client, db):
    world = make_world()
    client.force_login(world.bob)
    client.get(detail_url(world.alice_person), HTTP_X_REQUEST_ID="<script>")
    event = AuditEvent.objects.filter(action=AuditAction.VIEW, actor=world.bob).latest("pk")
    assert "client_request_id" not in event.detail
