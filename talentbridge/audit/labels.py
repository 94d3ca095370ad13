"""The audit trail stores identifiers, never names: who acted is a user id, what they acted on
is a type and an id. Names are worked out when the trail is shown, from the records as they
are now, and only those the viewer may see.

- ``actor_label`` is "user 42", "anonymous" or "system"; the user's username is read at display
  time, and a user who no longer exists (or whose account was erased) shows as "erased user".
- ``target_label`` is kept only for targets that are not a person's record (organisations,
  pools, opportunities, reviews, match runs, imports: `NAMED_TARGETS`); every other target is
  stored as "<kind> <id>", e.g. "person 17" or "career history entry 5". A person target shows
  their name when the viewer may see them (the people policy), "person 17" when not, and
  "erased person" when the person no longer exists.

The people app registers where names come from when Django starts (`register_person_names`):
audit sits below people and never imports it.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from typing import Protocol

from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model

#: Targets whose own name is not personal data: their ``str()`` is stored as the label.
NAMED_TARGETS = frozenset({
    "organisations.organisation", "organisations.integratedcaresystem", "organisations.region",
    "talent.talentpool", "talent.talentreview", "talent.reviewgrid", "talent.readinesslevel",
    "opportunities.opportunity", "opportunities.matchrun", "insights.workforcesnapshot",
    "insights.eventfile",
})
PERSON = "people.person"
USER = "accounts.user"
ERASED_PERSON = "erased person"
ERASED_USER = "erased user"
#: The username an erased account keeps (its row stays for the records that point at it).
ERASED_USERNAME_PREFIX = "erased-user-"


def fingerprint(text: str) -> str:
    """A keyed fingerprint of something typed that may be a name or an address (a username
    that failed to sign in, a name searched for): the same text gives the same fingerprint, so
    an investigator can ask "was X tried?", but the trail never holds the text itself."""
    digest = hmac.new(settings.SECRET_KEY.encode(), text.strip().lower().encode(),
                      hashlib.sha256).hexdigest()
    return f"fp:{digest[:16]}"


def user_label(user_id: int | None) -> str:
    return f"user {user_id}" if user_id else "anonymous"


def person_label(person_id) -> str:
    return f"person {person_id}"


def target_label_for(target) -> str:
    """What is stored about a target: its name if it is not a person's record, else its kind
    and id."""
    meta = target._meta
    if meta.label_lower in NAMED_TARGETS:
        return str(target)[:200]
    return f"{meta.verbose_name} {target.pk}"[:200]


#: Kinds of record the trail names that are not a model of their own.
OTHER_KINDS = {"demo_data": "Demo data", "insights.table": "Insights table",
               "organisations.": "Organisations"}
#: Kinds whose model name does not read as the service says it.
KIND_WORDS = {"accounts.apitoken": "API token", "notifications.emailpreference": "E-mail choice",
              "accounts.singlesignonidentity": "Single sign-on identity"}


def kind_label(target_type: str) -> str:
    """A stored kind of record ("talent.talentreview") in words ("Talent review"), read from
    the model's own name when the trail is shown; an unknown kind as it was stored."""
    if target_type in OTHER_KINDS or target_type in KIND_WORDS:
        return OTHER_KINDS.get(target_type) or KIND_WORDS[target_type]
    try:
        name = str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return target_type
    return name[:1].upper() + name[1:]


def kind_choices() -> list[tuple[str, str]]:
    """Every kind of record the trail may name (this project's models and `OTHER_KINDS`),
    as (stored kind, words), by their words."""
    kinds = {model._meta.label_lower for model in apps.get_models()
             if model.__module__.startswith("talentbridge.")}
    kinds |= set(OTHER_KINDS)
    return sorted(((kind, kind_label(kind)) for kind in kinds), key=lambda c: c[1].lower())


class PersonNames(Protocol):
    def names_for(self, viewer, person_ids: set[int]) -> tuple[dict[int, str], set[int]]:
        """(names of those of ``person_ids`` the viewer may see, ids that still exist)."""


class _NoPersonNames:
    def names_for(self, viewer, person_ids):
        return {}, set(person_ids)


_person_names: PersonNames = _NoPersonNames()


def register_person_names(source: PersonNames) -> None:
    global _person_names
    _person_names = source


def _ints(values: Iterable) -> set[int]:
    return {int(v) for v in values if v is not None and str(v).isdigit()}


def is_erased_username(username: str) -> bool:
    return username.startswith(ERASED_USERNAME_PREFIX)


class Names:
    """Display names for a page of events, read in two queries (users, people)."""

    def __init__(self, viewer, events) -> None:
        events = list(events)
        user_ids = _ints([e.actor_id for e in events]
                         + [e.target_id for e in events if e.target_type == USER])
        users = get_user_model()._base_manager.filter(pk__in=user_ids)
        self.usernames = {pk: (ERASED_USER if is_erased_username(name) else name)
                          for pk, name in users.values_list("pk", "username")}
        person_ids = _ints(e.target_id for e in events if e.target_type == PERSON)
        self.people, self.existing = _person_names.names_for(viewer, person_ids)

    def actor(self, event) -> str:
        if event.actor_id is None:
            return event.actor_label or "anonymous"
        return self.usernames.get(event.actor_id, ERASED_USER)

    def target(self, event) -> str:
        if event.target_type == PERSON and str(event.target_id).isdigit():
            pk = int(event.target_id)
            if pk not in self.existing:
                return ERASED_PERSON
            return self.people.get(pk, person_label(pk))
        if event.target_type == USER and str(event.target_id).isdigit():
            return self.usernames.get(int(event.target_id), ERASED_USER)
        return event.target_label
