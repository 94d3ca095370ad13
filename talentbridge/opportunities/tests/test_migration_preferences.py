"""Migration 0002 copies this app's old mobility and development needs rows into the talent
profiles before it removes them, and going back recreates them from the profiles."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from talentbridge.opportunities.codes import aspiration_of_role
from talentbridge.people.tests.factories import make_person
from talentbridge.people.tests.factories import make_world
from talentbridge.talent.conversations.tests.factories import ensure_readiness


def migrate(opportunities: str):
    """Migrate the opportunities app alone; the talent app stays at its latest migration."""
    executor = MigrationExecutor(connection)
    executor.migrate([("opportunities", opportunities)])
    talent = [node for node in executor.loader.graph.leaf_nodes() if node[0] == "talent"]
    executor.loader.build_graph()
    return executor.loader.project_state([("opportunities", opportunities), *talent]).apps


BEFORE, AFTER = "0001_initial", "0002_preferences_move_to_talent_profile"


@pytest.mark.django_db(transaction=True)
def test_old_rows_are_copied_into_talent_profiles_then_removed():
    ensure_readiness()
    w = make_world()
    bare = make_person(w.rj1, given_name="Bare")       # no talent profile yet
    older = make_person(w.rj1, given_name="Older")     # profile changed after the old rows
    newer = make_person(w.rj1, given_name="Newer")     # old rows changed after the profile
    try:
        apps = migrate(BEFORE)
        Mobility = apps.get_model("opportunities", "MobilityPreference")
        Needs = apps.get_model("opportunities", "DevelopmentNeeds")
        Profile = apps.get_model("talent", "TalentProfile")
        Level = apps.get_model("talent", "ReadinessLevel")
        soon = Level.objects.get(code="1_2_years")
        Profile._default_manager.create(person_id=older.pk, travel_reach="organisation",
                               readiness=soon, aspiration_role="Medical Director")
        Profile._default_manager.create(person_id=newer.pk, travel_reach="organisation")
        for person in (bare, older, newer):
            Mobility.objects.create(person_id=person.pk, travel="own_region",
                                    readiness="ready_now", relocation=True,
                                    open_to_other_organisations=True)
            Needs.objects.create(person_id=person.pk, domains_mask=0b101,
                                 aspiration="chief_executive")
        past = timezone.now() - dt.timedelta(days=30)
        Mobility.objects.filter(person_id=older.pk).update(updated_at=past)
        Needs.objects.filter(person_id=older.pk).update(updated_at=past)
        Profile._default_manager.filter(person_id=newer.pk).update(updated_at=past)

        apps = migrate(AFTER)
        Profile = apps.get_model("talent", "TalentProfile")
        profiles = {p.person_id: p for p in Profile._default_manager.select_related("readiness")}
        for person in (bare, newer):  # the old rows win
            p = profiles[person.pk]
            assert (p.travel_reach, p.open_to_relocation, p.open_to_other_organisations,
                    p.readiness.code, p.development_need_mask) == \
                ("region", True, True, "ready_now", 0b101)
            assert aspiration_of_role(p.aspiration_role) == "chief_executive"
        p = profiles[older.pk]  # the profile wins; its blanks are filled
        assert (p.travel_reach, p.open_to_relocation, p.readiness.code, p.aspiration_role,
                p.development_need_mask) == ("organisation", False, "1_2_years",
                                             "Medical Director", 0b101)
        tables = connection.introspection.table_names()
        assert "opportunities_mobilitypreference" not in tables
        assert "opportunities_developmentneeds" not in tables

        apps = migrate(BEFORE)  # and back: the rows come back from the profiles
        Mobility = apps.get_model("opportunities", "MobilityPreference")
        Needs = apps.get_model("opportunities", "DevelopmentNeeds")
        back = Mobility.objects.get(person_id=bare.pk)
        assert (back.travel, back.readiness, back.relocation) == ("own_region", "ready_now", True)
        assert Needs.objects.get(person_id=bare.pk).aspiration == "chief_executive"
        assert Needs.objects.get(person_id=older.pk).aspiration == ""
    finally:
        MigrationExecutor(connection).migrate(
            MigrationExecutor(connection).loader.graph.leaf_nodes())
