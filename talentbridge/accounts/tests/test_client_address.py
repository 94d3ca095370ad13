"""The client's address: REMOTE_ADDR, unless it is a trusted proxy; then the right-most
address in X-Forwarded-For that is not a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from talentbridge.accounts.checks import trusted_proxies
from talentbridge.core.addresses import client_address
from talentbridge.core.tests.start_up_checks import assert_named_at_start_up


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


@pytest.mark.parametrize(("proxies", "remote", "forwarded", "client"), [
    pytest.param("", "203.0.113.7", "198.51.100.1", "203.0.113.7",
                 id="without trusted proxies the forwarded header is ignored"),
    # the client made up the first entry; the proxies appended the rest
    pytest.param("10.0.0.0/16, 192.0.2.10", "10.0.0.4", "1.2.3.4, 198.51.100.20, 192.0.2.10",
                 "198.51.100.20",
                 id="behind trusted proxies the right-most untrusted address is the client"),
    pytest.param("10.0.0.0/16, 192.0.2.10", "192.0.2.10", "198.51.100.21", "198.51.100.21",
                 id="behind a trusted proxy the right-most untrusted address is the client"),
    pytest.param("10.0.0.0/16", "203.0.113.7", "198.51.100.1", "203.0.113.7",
                 id="a request not from a trusted proxy cannot choose its address"),
    pytest.param("10.0.0.0/16", "10.0.0.4", "10.0.0.9", "10.0.0.4",
                 id="only trusted hops forwarded mean the proxy itself"),
    pytest.param("10.0.0.0/16", "10.0.0.4", None, "10.0.0.4",
                 id="nothing forwarded means the proxy itself"),
    pytest.param("10.0.0.0/16", "10.0.0.4", "garbage", "10.0.0.4",
                 id="nothing usable forwarded means the proxy itself"),
    pytest.param("2001:db8::/32", "2001:db8::1", "2001:db8:ffff::2, 2a00:1450::5", "2a00:1450::5",
                 id="IPv6 addresses work"),
])
def test_the_client_address(settings, proxies, remote, forwarded, client):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = proxies
    assert address(remote, forwarded) == client


@pytest.mark.parametrize("setting", ["10.0.0.0/33", "proxy.example", "10.0.0.1,,nope"])
def test_a_mistyped_trusted_proxy_is_named_at_start_up(settings, setting):
    bad = [e.strip() for e in setting.split(",") if e.strip() and e.strip() != "10.0.0.1"][0]
    assert_named_at_start_up(settings, "TALENTBRIDGE_TRUSTED_PROXIES", setting, trusted_proxies,
                             "accounts.E002", quoted=bad, then="10.0.0.1")
