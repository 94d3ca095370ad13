"""Organisations in words: real ODS codes, no literal "None", the kind said plainly."""

import datetime as dt

import pytest

from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationKind
from talentbridge.organisations.reference import merged_system_name
from talentbridge.people.tests.factories import make_org
from talentbridge.people.tests.factories import make_world
from talentbridge.people.tests.factories import page_text

pytestmark = pytest.mark.django_db


def _text(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200
    return page_text(response)


def test_a_merged_icb_shows_its_real_ods_code_and_a_readable_phrase(client):
    world = make_world()
    name = merged_system_name(["Frimley", "Buckinghamshire, Oxfordshire and Berkshire West"],
                              "S0E4D")
    assert "merged 2026" not in name
    make_org("S0E4D", name=name, kind=OrganisationKind.ICB)
    shown = Organisation.objects.get(ods_code="S0E4D").display_name
    assert "S0E4D" in shown and "Ods" not in shown and "S0e4d" not in shown
    text = _text(client, world.alice, "/organisations/S0E4D/")
    assert "ODS S0E4D" in text and "Ods S0e4d" not in text
    assert "formed on 1 April 2026" in text


def test_a_closed_organisation_says_it_is_in_no_system_in_words(client):
    world = make_world()
    make_org("RQX", world.other_system, name="HOMERTON HEALTHCARE NHS TRUST",
             valid_to=dt.date(2025, 1, 31), closed_on=dt.date(2025, 1, 31))
    listing = _text(client, world.alice, "/organisations/?name=Homerton")
    row = listing[listing.index("Homerton"):]
    assert " None " not in f" {row[:200]} " and "Not part of a system" in row[:200]
    detail = _text(client, world.alice, "/organisations/RQX/")
    assert "None" not in detail
    assert "Not part of a system" in detail


def test_the_kind_is_said_plainly_and_only_administrators_hear_how_it_was_set(client):
    world = make_world()
    text = _text(client, world.alice, "/organisations/RJ1/")
    assert "Kind Acute trust" in text
    assert "best guess" not in text.lower() and "from the name" not in text
    admin_text = _text(client, world.admin, "/organisations/RJ1/")
    assert "best guess" not in admin_text.lower()
    assert "Set from the organisation's name" in admin_text
