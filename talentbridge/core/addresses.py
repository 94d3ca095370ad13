"""The client's address, worked out in one place for the sign-in throttle, the API request
limit and the audit trail.

``REMOTE_ADDR`` is the caller, unless it is one of ``settings.TALENTBRIDGE_TRUSTED_PROXIES``
(IP addresses or CIDR ranges: the load balancer or reverse proxy in front of the service).
Then the caller is the right-most address in ``X-Forwarded-For`` that is not itself a trusted
proxy: everything to its left was written by the client and may be made up.
"""

from __future__ import annotations

import ipaddress
from functools import lru_cache

from django.conf import settings

UNKNOWN = "unknown"

Network = ipaddress.IPv4Network | ipaddress.IPv6Network


@lru_cache(maxsize=8)
def trusted_networks(setting: str | tuple[str, ...]) -> tuple[Network, ...]:
    """The trusted proxies as networks; a bad entry raises ValueError naming it."""
    entries = setting.split(",") if isinstance(setting, str) else setting
    networks = []
    for entry in (e.strip() for e in entries):
        if not entry:
            continue
        try:
            networks.append(ipaddress.ip_network(entry, strict=False))
        except ValueError as error:
            raise ValueError(
                f'TALENTBRIDGE_TRUSTED_PROXIES: "{entry}" is not an IP address or CIDR range'
            ) from error
    return tuple(networks)


def _address(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _trusted(address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_address(request) -> str:
    """The caller's IP address as text (``"unknown"`` if there is none)."""
    setting = getattr(settings, "TALENTBRIDGE_TRUSTED_PROXIES", "")
    networks = trusted_networks(tuple(setting) if isinstance(setting, list) else setting)
    meta = getattr(request, "META", None) or {}
    remote = _address(meta.get("REMOTE_ADDR", "") or "")
    if remote is None:
        return UNKNOWN
    if not networks or not _trusted(remote, networks):
        return str(remote)
    forwarded = meta.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([h for h in forwarded.split(",") if h.strip()]):
        address = _address(hop)
        if address is None:  # a garbled entry: nothing to its left can be trusted
            return str(remote)
        if not _trusted(address, networks):
            return str(address)
    return str(remote)  # every hop is a trusted proxy: the request came from inside
