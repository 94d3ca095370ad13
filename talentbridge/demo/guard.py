"""Demo data never goes into a real deployment.

The demo sign-ins, an administrator among them, share one published password (in the source
and printed on screen), so demo data loads only under the settings profiles made for it.
"""

from __future__ import annotations

from django.conf import settings

DEMO_PROFILES = frozenset({"local", "demo", "test"})


class DemoDataRefused(Exception):
    """Demo data may not be loaded under these settings."""


def refusal() -> str:
    """Why demo data may not be loaded under the current settings, or "" when it may."""
    profile = getattr(settings, "TALENTBRIDGE_PROFILE", "")
    if profile in DEMO_PROFILES:
        return ""
    shown = f"the {profile} settings profile" if profile else "these settings"
    module = getattr(settings, "SETTINGS_MODULE", "") or "unknown"
    return (f"Demo data is not loaded under {shown} ({module}): its sign-ins, an "
            "administrator among them, share a published password. Demo "
            "data loads only under the local, demo and test profiles. Nothing was created.")


def ensure_demo_allowed() -> None:
    """Raise DemoDataRefused unless the current settings profile is one made for demo data."""
    reason = refusal()
    if reason:
        raise DemoDataRefused(reason)
