"""People's names for the audit trail, worked out when it is shown (`talentbridge.audit.labels`):
only the names the viewer may see, by the people policy; registered when Django starts, so that
audit, a lower layer, never imports people."""

from __future__ import annotations

from .models import Person


class PeopleNames:
    def names_for(self, viewer, person_ids: set[int]) -> tuple[dict[int, str], set[int]]:
        if not person_ids:
            return {}, set()
        # which ids still exist (the others were erased): ids only, no one's data
        existing = set(Person.unscoped.filter(pk__in=person_ids).values_list("pk", flat=True))
        visible = (Person.objects.visible_to(viewer).filter(pk__in=person_ids)
                   .values_list("pk", "given_name", "family_name"))
        return {pk: f"{given} {family}" for pk, given, family in visible}, existing
