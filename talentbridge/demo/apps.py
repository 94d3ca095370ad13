"""The demo app: the synthetic demo NHS and its commands, on top of the capabilities.

Installed by every settings profile except production, so a production deployment has no demo
commands at all (and `guard.refusal` still refuses if one is run under that profile).
"""

from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "talentbridge.demo"
    label = "demo"
    verbose_name = "Synthetic demo data"
