"""Loading the real ODS reference files: counts a user would recognise, idempotence, the April
2026 mergers as effective-dated memberships, and broken files rejected whole."""

import datetime as dt
import shutil

import pytest

from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.organisations.models import OrganisationMembership
from talentbridge.organisations.models import Region
from talentbridge.organisations.reference import DATA_DIR
from talentbridge.organisations.reference import ReferenceDataError
from talentbridge.organisations.reference import guess_kind
from talentbridge.organisations.reference import load_reference_data

pytestmark = pytest.mark.django_db


def test_it_loads_regions_systems_and_trusts():
    load_reference_data()
    assert Region.objects.count() == 7
    assert IntegratedCareSystem.objects.filter(established_on=dt.date(2022, 7, 1)).count() == 42
    # 202 trusts were open in July 2025 (the ODS file); the ICBs are organisations too.
    open_2025 = Organisation.objects.exclude(kind="icb").open_on(dt.date(2025, 7, 15))
    assert open_2025.count() == 202
    manchester = Organisation.objects.get(ods_code="R0A")
    assert manchester.membership_on(dt.date(2025, 1, 1)).system.code == "QOP"
    assert manchester.membership_on(dt.date(2025, 1, 1)).region.code == "Y62"


def test_loading_twice_changes_nothing():
    load_reference_data()
    counts = (Organisation.objects.count(), OrganisationMembership.objects.count())
    summary = load_reference_data()
    assert str(summary) == "Reference data already up to date: nothing changed."
    assert (Organisation.objects.count(), OrganisationMembership.objects.count()) == counts


def test_the_2026_mergers_are_effective_dated():
    load_reference_data()
    royal_free = Organisation.objects.get(ods_code="RAL")  # North Central London in 2025
    assert royal_free.membership_on(dt.date(2026, 3, 31)).system.code == "QMJ"
    assert royal_free.membership_on(dt.date(2026, 4, 1)).system.code == "Z9B2Z"
    merged = IntegratedCareSystem.objects.get(code="Z9B2Z")
    assert "North Central London" in merged.name and "North West London" in merged.name
    old = IntegratedCareSystem.objects.get(code="QMJ")
    assert old.closed_on == dt.date(2026, 3, 31)
    assert old.merged_into == merged


def test_new_trusts_of_2026_are_added():
    load_reference_data()
    online = Organisation.objects.get(ods_code="K0N6A")
    assert online.opened_on == dt.date(2026, 6, 1)
    assert online.membership_on(dt.date(2026, 7, 1)).system.code == "QKK"
    assert online.membership_on(dt.date(2026, 5, 1)) is None


@pytest.mark.parametrize(
    "name,kind",
    [
        ("NORTH WEST AMBULANCE SERVICE NHS TRUST", "ambulance"),
        ("GREATER MANCHESTER MENTAL HEALTH NHS FOUNDATION TRUST", "mental_health"),
        ("BRIDGEWATER COMMUNITY HEALTHCARE NHS FOUNDATION TRUST", "community"),
        ("MANCHESTER UNIVERSITY NHS FOUNDATION TRUST", "acute"),
    ],
)
def test_kind_is_guessed_from_the_name(name, kind):
    assert guess_kind(name) == kind


def test_an_administrator_correction_of_kind_survives_a_reload():
    load_reference_data()
    trust = Organisation.objects.get(ods_code="R0A")
    trust.kind, trust.kind_source = "community", "administrator"
    trust.save()
    load_reference_data()
    trust.refresh_from_db()
    assert trust.kind == "community"


@pytest.fixture
def broken_data(tmp_path):
    for path in DATA_DIR.glob("*.csv"):
        shutil.copy(path, tmp_path / path.name)
    return tmp_path


def test_a_broken_row_names_file_line_field_and_value_and_loads_nothing(broken_data):
    trusts = broken_data / "nhs_trusts_icb_region_2025-07.csv"
    lines = trusts.read_text().splitlines()
    lines[3] = lines[3].replace(",QOP,", ",QZZ9,", 1) if ",QOP," in lines[3] else lines[3]
    lines[5] = lines[5].replace(lines[5].split(",")[3], "2020-13-45", 1)
    trusts.write_text("\n".join(lines) + "\n")
    with pytest.raises(ReferenceDataError) as error:
        load_reference_data(broken_data)
    message = str(error.value)
    assert "nhs_trusts_icb_region_2025-07.csv line 6" in message
    assert '"2020-13-45"' in message
    assert Organisation.objects.count() == 0
    assert Region.objects.count() == 0


def test_an_unknown_icb_code_is_named(broken_data):
    trusts = broken_data / "nhs_trusts_icb_region_2025-07.csv"
    text = trusts.read_text().replace(",QOP,E54000057", ",QXX,E54000057", 1)
    trusts.write_text(text)
    with pytest.raises(ReferenceDataError, match='icb_ods_code "QXX" is not a known ICB'):
        load_reference_data(broken_data)
    assert Organisation.objects.count() == 0


def test_a_file_that_is_not_utf8_is_reported(broken_data):
    (broken_data / "nhs_england_regions.csv").write_bytes(b"nhs_region_code\n\xff\xfe\n")
    with pytest.raises(ReferenceDataError, match="nhs_england_regions.csv: not UTF-8"):
        load_reference_data(broken_data)
