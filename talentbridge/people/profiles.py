"""Users' own talent profiles and their reports, for `accounts.grants` (registered when Django
starts, so that accounts, a lower layer, never imports people)."""

from __future__ import annotations

from .models import Person


class PeopleProfiles:
    def profile_of(self, user_id: int) -> tuple[int, int, str] | None:
        return (Person.unscoped.filter(user_id=user_id)
                .values_list("pk", "organisation_id", "pay_band").first())

    def reports_of(self, person_ids) -> frozenset[int]:
        return frozenset(Person.unscoped.filter(line_manager_id__in=list(person_ids))
                         .values_list("pk", flat=True))

    def users_employed_by(self, organisation_ids):
        return (Person.unscoped.filter(organisation_id__in=list(organisation_ids),
                                       user__isnull=False).values("user_id"))
