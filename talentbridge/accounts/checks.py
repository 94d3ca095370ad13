"""Start-up checks of the accounts settings that come from the environment: a mistyped value
is named with what it should look like (`manage.py check`, and every server start), instead of
failing on the first request or being silently ignored."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.checks import Error
from django.core.checks import Warning
from django.core.checks import register

from talentbridge.core.addresses import trusted_networks

from .sso import REQUIRED_SETTINGS

RATE = re.compile(r"^\d+/(s|sec|m|min|h|hour|d|day)$")


@register()
def api_rate(app_configs, **kwargs):
    rate = settings.TALENTBRIDGE_API_RATE
    if rate and not RATE.match(rate):
        return [Error(f'TALENTBRIDGE_API_RATE "{rate}" is not a rate',
                      hint='Write "<count>/<s|m|h|d>", e.g. "600/m", or leave it empty for '
                           "no limit.", id="accounts.E001")]
    return []


@register()
def single_sign_on(app_configs, **kwargs):
    missing = [name for name in REQUIRED_SETTINGS if not getattr(settings, name, "")]
    if missing and len(missing) < len(REQUIRED_SETTINGS):
        return [Warning(f"Single sign-on is off: {', '.join(missing)} not set",
                        hint="Set all of " + ", ".join(REQUIRED_SETTINGS) + " to turn it on "
                             "(docs/production.md), or none of them.", id="accounts.W001")]
    return []


@register()
def trusted_proxies(app_configs, **kwargs):
    setting = settings.TALENTBRIDGE_TRUSTED_PROXIES
    try:
        trusted_networks(tuple(setting) if isinstance(setting, list) else setting)
    except ValueError as error:
        return [Error(str(error), hint='Write IP addresses or CIDR ranges separated by commas, '
                                       'e.g. "10.0.0.0/16,192.0.2.10".', id="accounts.E002")]
    return []


@register()
def password_checks_at_once(app_configs, **kwargs):
    value = str(settings.PASSWORD_CHECKS_AT_ONCE).strip()
    if not (value.isdigit() and int(value) >= 1):
        return [Error(f'TALENTBRIDGE_PASSWORD_CHECKS_AT_ONCE "{value}" is not a whole number '
                      "from 1", hint="How many password hashes one web process runs at once, "
                                     'e.g. "1" (the default).', id="accounts.E003")]
    return []
