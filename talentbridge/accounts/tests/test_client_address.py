"""The client's address: REMOTE_ADDR, unless it is a trusted proxy; then the right-most
address in X-Forwarded-For that is not a trusted proxy."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from talentbridge.accounts.checks import trusted_proxies
from talentbridge.core.addresses import client_address


def address(remote: str, forwarded: str | None = None) -> str:
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return client_address(RequestFactory().get("/", **extra))


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = ""
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_behind_a_trusted_proxy_the_right_most_untrusted_address_is_the_client(settings):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "10.0.0.0/16, 192.0.2.10"
    # the client made up the first entry; the proxies appended the rest
    assert address("10.0.0.4", "1.2.3.4, 198.51.100.20, 192.0.2.10") == "198.51.100.20"
    assert address("192.0.2.10", "198.51.100.21") == "198.51.100.21"


def test_a_request_not_from_a_trusted_proxy_cannot_choose_its_address(settings):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "10.0.0.0/16"
    assert address("203.0.113.7", "198.51.100.1") == "203.0.113.7"


def test_only_trusted_hops_or_nothing_forwarded_mean_the_proxy_itself(settings):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "10.0.0.0/16"
    assert address("10.0.0.4", "10.0.0.9") == "10.0.0.4"
    assert address("10.0.0.4") == "10.0.0.4"
    assert address("10.0.0.4", "garbage") == "10.0.0.4"


def test_ipv6_addresses_work(settings):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "2001:db8::/32"
    assert address("2001:db8::1", "2001:db8:ffff::2, 2a00:1450::5") == "2a00:1450::5"


@pytest.mark.parametrize("setting", ["10.0.0.0/33", "proxy.example", "10.0.0.1,,nope"])
def test_a_mistyped_trusted_proxy_is_named_at_start_up(settings, setting):
    settings.TALENTBRIDGE_TRUSTED_PROXIES = setting
    errors = trusted_proxies(None)
    assert [e.id for e in errors] == ["accounts.E002"]
    bad = [e.strip() for e in setting.split(",") if e.strip() and e.strip() != "10.0.0.1"][0]
    assert f'"{bad}"' in errors[0].msg
    settings.TALENTBRIDGE_TRUSTED_PROXIES = "10.0.0.1"
    assert trusted_proxies(None) == []
