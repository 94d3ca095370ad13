"""Signing a Django test client in as a user, the three ways the apps' tests need:

- ``client_for(user)``: a new client with a session, as after the sign-in page, without
  going through it (``force_login``);
- ``sign_in(client, user)`` and ``password_client_for(user)``: through the sign-in check, with
  the factories' password (what a person typing it would do, signals and all);
- ``api_as(client, user)``: a client calling the API as ``user``, with a new bearer token.
"""

from __future__ import annotations

from django.test import Client

from talentbridge.people.tests.factories import PASSWORD

from .api_calls import auth


def client_for(user) -> Client:
    """A new test client with a session for ``user``."""
    client = Client()
    client.force_login(user)
    return client


def sign_in(client: Client, user) -> Client:
    """``client`` signed in as ``user`` with the factories' password (which must work)."""
    assert client.login(username=user.username, password=PASSWORD)
    return client


def password_client_for(user) -> Client:
    """A new test client signed in as ``user`` with the factories' password."""
    return sign_in(Client(), user)


def api_as(client: Client, user) -> Client:
    """``client`` sending a new API token of ``user`` (``Bearer``) with every request."""
    client.defaults.update(auth(user))
    return client
