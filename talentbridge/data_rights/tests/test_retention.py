"""Retention periods: TalentBridge's defaults, overridden per kind in TALENTBRIDGE_RETENTION,
and a setting that names an unknown kind or a period that is not a whole number of days is
refused with a message naming it."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.conf import settings as django_settings

from talentbridge.data_rights import retention


def test_the_defaults(settings):
    settings.TALENTBRIDGE_RETENTION = {}
    assert {kind: days for kind, days, _ in retention.periods()} == {
        "left_nhs": 730, "withdrawn_interests": 365, "withdrawn_nominations": 365,
        "closed_round_answers": 365, "notifications": 365, "audit_events": 2190,
        "departed_board_members": 9125,
    }


def test_a_setting_overrides_one_kind(settings):
    settings.TALENTBRIDGE_RETENTION = {"notifications": 90}
    assert retention.days("notifications") == 90
    assert retention.days("left_nhs") == 730


@pytest.mark.parametrize(("configured", "message"), [
    ({"notification": 90}, "unknown kinds ['notification']"),
    ({"left_nhs": 0}, "TALENTBRIDGE_RETENTION['left_nhs'] must be a whole number of days"),
    ({"left_nhs": "730"}, "(it is '730')"),
])
def test_a_bad_setting_is_named(settings, configured, message):
    settings.TALENTBRIDGE_RETENTION = configured
    with pytest.raises(retention.RetentionSettingError) as error:
        retention.periods()
    assert message in str(error.value)


def test_the_doc_gives_every_kind_with_its_default():
    doc = (Path(django_settings.BASE_DIR) / "docs" / "data-rights-retention.md").read_text("utf-8")
    for kind, period in retention.DEFAULTS.items():
        assert f"`{kind}`" in doc and f"| {period.days} |" in doc, kind
