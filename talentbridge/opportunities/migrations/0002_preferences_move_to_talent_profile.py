"""A leader's mobility, readiness, aspiration and development needs move to their talent
profile (talent.TalentProfile), the one source of truth; this app's own copies go.

Rows are copied first. Where the person already has a talent profile, the more recently
changed of the two wins, field group by field group (the mobility row: openness, travel,
relocation, readiness; the development needs row: LCF domains, aspiration); a blank on the
profile (no readiness, no development needs, no aspiration) is always filled from the old row.
Travel "own system / own region / anywhere" becomes the profile's travel reach "system /
region / national"; an aspiration code becomes its label as the role wanted, which
`codes.aspiration_of_role` reads back as the same aspiration.

Going back recreates the two tables and fills them from the talent profiles.
"""

from django.db import migrations

BATCH = 1000
TRAVEL_TO_REACH = {"own_system": "system", "own_region": "region", "anywhere": "national"}
REACH_TO_TRAVEL = {"organisation": "own_system", "system": "own_system",
                   "region": "own_region", "national": "anywhere"}
#: codes.Aspiration as it was when this migration was written (labels are the role wanted).
ASPIRATION_LABELS = {
    "chief_executive": "Chief executive",
    "executive_director": "Executive director",
    "non_executive_director": "Non-executive director",
    "clinical_leader": "Senior clinical leader (for example medical director)",
    "system_leader": "System leadership (ICB or partnership)",
}
READINESS_CODES = ("ready_now", "1_2_years", "3_plus_years", "not_seeking")
MOBILITY_FIELDS = ("open_to_other_organisations", "open_to_other_sectors", "travel_reach",
                   "open_to_relocation", "readiness")
NEEDS_FIELDS = ("development_need_mask", "aspiration_role")


def copy_to_talent_profiles(apps, schema_editor):
    Mobility = apps.get_model("opportunities", "MobilityPreference")
    Needs = apps.get_model("opportunities", "DevelopmentNeeds")
    Profile = apps.get_model("talent", "TalentProfile")
    ReadinessLevel = apps.get_model("talent", "ReadinessLevel")
    levels = dict(ReadinessLevel.objects.values_list("code", "pk"))
    mobility = {m.person_id: m for m in Mobility.objects.order_by("pk")}
    needs = {n.person_id: n for n in Needs.objects.order_by("pk")}
    people = sorted(set(mobility) | set(needs))
    new, changed = [], []
    for start in range(0, len(people), BATCH):
        chunk = people[start:start + BATCH]
        profiles = {p.person_id: p for p in Profile._default_manager.filter(person_id__in=chunk)}
        for person_id in chunk:
            profile = profiles.get(person_id)
            created = profile is None
            if created:
                profile = Profile(person_id=person_id)
            m, n = mobility.get(person_id), needs.get(person_id)
            if m is not None:
                readiness = levels.get(m.readiness)
                if created or m.updated_at >= profile.updated_at:
                    profile.open_to_other_organisations = m.open_to_other_organisations
                    profile.open_to_other_sectors = m.open_to_other_sectors
                    profile.travel_reach = TRAVEL_TO_REACH.get(m.travel, "system")
                    profile.open_to_relocation = m.relocation
                    profile.readiness_id = readiness or profile.readiness_id
                elif profile.readiness_id is None:
                    profile.readiness_id = readiness
            if n is not None:
                role = ASPIRATION_LABELS.get(n.aspiration, "")
                if created or n.updated_at >= profile.updated_at:
                    profile.development_need_mask = n.domains_mask
                    profile.aspiration_role = role
                else:
                    profile.development_need_mask = (profile.development_need_mask
                                                     or n.domains_mask)
                    profile.aspiration_role = profile.aspiration_role or role
            (new if created else changed).append(profile)
    Profile._default_manager.bulk_create(new, batch_size=BATCH)
    Profile._default_manager.bulk_update(changed, [*MOBILITY_FIELDS, *NEEDS_FIELDS], batch_size=BATCH)


def copy_back_from_talent_profiles(apps, schema_editor):
    Mobility = apps.get_model("opportunities", "MobilityPreference")
    Needs = apps.get_model("opportunities", "DevelopmentNeeds")
    Profile = apps.get_model("talent", "TalentProfile")
    by_label = {label.lower(): code for code, label in ASPIRATION_LABELS.items()}
    mobility, needs = [], []
    for profile in Profile._default_manager.select_related("readiness").order_by("pk").iterator(
            chunk_size=BATCH):
        code = getattr(profile.readiness, "code", "not_seeking")
        mobility.append(Mobility(
            person_id=profile.person_id,
            open_to_other_organisations=profile.open_to_other_organisations,
            open_to_other_sectors=profile.open_to_other_sectors,
            travel=REACH_TO_TRAVEL.get(profile.travel_reach, "own_system"),
            relocation=profile.open_to_relocation,
            readiness=code if code in READINESS_CODES else "not_seeking"))
        needs.append(Needs(person_id=profile.person_id,
                           domains_mask=profile.development_need_mask & 63,
                           aspiration=by_label.get(profile.aspiration_role.lower(), "")))
    Mobility.objects.bulk_create(mobility, batch_size=BATCH)
    Needs.objects.bulk_create(needs, batch_size=BATCH)


class Migration(migrations.Migration):

    dependencies = [
        ("opportunities", "0001_initial"),
        ("talent", "0002_seed_readiness_and_grids"),
    ]

    operations = [
        migrations.RunPython(copy_to_talent_profiles, copy_back_from_talent_profiles),
        migrations.DeleteModel(name="DevelopmentNeeds"),
        migrations.DeleteModel(name="MobilityPreference"),
    ]
