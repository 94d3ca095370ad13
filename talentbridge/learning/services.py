"""Reads and writes of learning log entries and their shares: one place per operation, each
asking the learning policy (docs/learning-log.md).

What the audit trail holds: ids only, never a word of an entry. Writes by the author
(created, changed, shared, revoked, deleted) and every read of an entry by someone other than
its author ("Viewed", naming the author). The author's own reading of their private log is
not recorded: it would tell an administrator when they reflect, and nobody else's data is
read. Errors and refusals never carry an entry's text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404
from django.utils import timezone
from django.views.decorators.debug import sensitive_variables

from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.audit.services import record_read
from talentbridge.core.refusals import refuse_existing
from talentbridge.mentoring.services import current_relationships
from talentbridge.mentoring.services import running_pairs
from talentbridge.people.models import Person
from talentbridge.talent.frameworks import LcfDomain

from . import policy
from .models import Entry
from .models import EntryKind
from .models import Share
from .models import ShareRoute

#: The text fields of an entry, in the order a page shows them.
TEXT_FIELDS = ("title", "what_happened", "what_i_learnt", "do_differently", "circumstances",
               "pressures", "information", "system_factors", "choices_made")
REVIEW_FIELDS = ("circumstances", "pressures", "information", "system_factors", "choices_made")
MAX_TEXT = 6000
MAX_TAGS = 300


def my_person(user) -> Person:
    if not policy.keeps_a_log(user):
        raise PermissionDenied("Only leaders with a profile keep a learning log.")
    person = Person.objects.visible_to(user).select_related("line_manager").filter(
        user=user).first()
    if person is None:
        raise PermissionDenied("Only leaders with a profile keep a learning log.")
    return person


# --------------------------------------------------------------------------------------
# Checking what the author wrote
# --------------------------------------------------------------------------------------


def _domain(value) -> int | None:
    if value in (None, ""):
        return None
    try:
        domain = int(value)
    except (TypeError, ValueError):
        domain = None
    if domain not in LcfDomain.values:
        raise ValidationError({"lcf_domain": (
            f'Choose one of the six Leadership Competency Framework domains ("{value}" is not '
            "one of them)")})
    return domain


def _kind(value: str) -> str:
    if value not in EntryKind.values:
        raise ValidationError({"kind": (
            f'Choose a reflection or a learning review ("{value}" is neither)')})
    return value


def _date(value) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationError({"happened_on": "Enter the date it happened"})
    if value > timezone.localdate():
        raise ValidationError({"happened_on": (
            f"The date ({value.isoformat()}) must be today or in the past")})
    return value


@sensitive_variables()
def clean_entry(values: dict) -> dict:
    """The entry's values, checked and tidied; a refusal names the field (and the value where
    it is not the person's own words, which never go into a message)."""
    kind = _kind(values.get("kind") or EntryKind.REFLECTION)
    cleaned = {"kind": kind, "happened_on": _date(values.get("happened_on")),
               "lcf_domain": _domain(values.get("lcf_domain"))}
    for name in TEXT_FIELDS:
        text = (values.get(name) or "").strip()
        if len(text) > MAX_TEXT:
            raise ValidationError({name: f"Keep this to {MAX_TEXT} characters or fewer (it has "
                                         f"{len(text)})"})
        cleaned[name] = text if (kind == EntryKind.LEARNING_REVIEW
                                 or name not in REVIEW_FIELDS) else ""
    tags = ", ".join(t.strip() for t in (values.get("tags") or "").split(",") if t.strip())
    if len(tags) > MAX_TAGS:
        raise ValidationError({"tags": f"Keep the tags to {MAX_TAGS} characters or fewer"})
    cleaned["tags"] = tags
    if not cleaned["what_happened"] and not cleaned["what_i_learnt"]:
        raise ValidationError({"what_happened": (
            'Write what happened or what you learnt: "what happened" and "what I learnt" are '
            "both empty")})
    return cleaned


# --------------------------------------------------------------------------------------
# The author's own entries
# --------------------------------------------------------------------------------------


def my_entries(user):
    """The signed-in leader's own entries (not audited: their own log, see the module)."""
    my_person(user)
    return Entry.objects.visible_to(user).select_related("person").order_by("-happened_on",
                                                                             "-pk")


@sensitive_variables()
def create_entry(user, values: dict, *, request=None) -> Entry:
    person = my_person(user)
    cleaned = clean_entry(values)
    with transaction.atomic():
        entry = Entry.objects.create(person=person, **cleaned)
        record(actor=user, action=AuditAction.CREATE, target=entry, request=request,
               detail={"person": person.pk, "kind": entry.kind})
    return entry


@sensitive_variables()
def update_entry(user, entry: Entry, values: dict, *, request=None) -> Entry:
    _require_author(user, entry)
    cleaned = clean_entry({"kind": entry.kind, **values})
    changed = sorted(name for name, value in cleaned.items() if getattr(entry, name) != value)
    with transaction.atomic():
        for name, value in cleaned.items():
            setattr(entry, name, value)
        entry.save()
        record(actor=user, action=AuditAction.UPDATE, target=entry, request=request,
               detail={"person": entry.person_id, "changed fields": changed})
    return entry


def delete_entry(user, entry: Entry, *, request=None) -> None:
    """Delete the entry and every share of it, at once."""
    _require_author(user, entry)
    with transaction.atomic():
        record(actor=user, action=AuditAction.DELETE, target=entry, request=request,
               detail={"person": entry.person_id,
                       "shares deleted": entry.shares.count()})
        entry.delete()


def _require_author(user, entry: Entry) -> None:
    if not policy.can_change(user, entry):
        raise PermissionDenied("Only the author changes a learning log entry.")


# --------------------------------------------------------------------------------------
# Reading one entry: the author, or someone it is shared with now
# --------------------------------------------------------------------------------------


def get_entry(user, pk: int, *, request=None) -> Entry:
    """The entry, if the user may read it now (its author, or a reader of a share that still
    holds); anyone else gets "not found", exactly as for an entry that does not exist. A read
    by someone other than the author is audited, naming the author."""
    entry = Entry.unscoped.select_related("person__line_manager").filter(pk=pk).first()
    if entry is None or not policy.can_read(user, entry):
        raise Http404(f"There is no learning log entry {pk} that you may read.")
    if not policy.is_author(user, entry):
        record_read(actor=user, request=request, target=entry, people=[entry.person_id],
                    what="a learning log entry shared with them")
    return entry


def my_entry(user, pk: int) -> Entry:
    """One of the user's own entries, to change, share or delete."""
    entry = Entry.objects.visible_to(user).select_related("person__line_manager").filter(
        pk=pk).first() if policy.keeps_a_log(user) else None
    if entry is None:
        raise Http404(f"There is no learning log entry {pk} of yours.")
    return entry


@dataclass(frozen=True)
class SharedEntry:
    entry: Entry
    share: Share


def shared_with_me(user, *, request=None) -> list[SharedEntry]:
    """Entries shared with the signed-in person whose shares still hold (rule 2, checked now).
    Audited as a read naming their authors."""
    grants_person = grants_for(user).person_id
    if not policy.keeps_a_log(user):
        return []
    shares = (Share.unscoped.filter(person_id=grants_person)
              .select_related("entry__person__organisation", "entry__person__line_manager")
              .order_by("-entry__happened_on", "-pk"))
    shares = list(shares)
    running = running_pairs({s.entry.person_id for s in shares})  # once for every share
    found = [SharedEntry(s.entry, s) for s in shares
             if policy.share_holds(s, s.entry.person, running=running)]
    if found and request is not None:
        record_read(actor=user, request=request, people=[f.entry.person_id for f in found],
                    what="learning log entries shared with them")
    return found


# --------------------------------------------------------------------------------------
# Sharing and revoking
# --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ShareChoice:
    person: Person
    route: str
    label: str

    @property
    def value(self) -> str:
        return f"{self.route}:{self.person.pk}"


def share_choices(user) -> list[ShareChoice]:
    """Whom the author may share with now: their current mentors and coaches, and their line
    manager (their choice, never automatic)."""
    person = my_person(user)
    choices = [ShareChoice(r.mentor, ShareRoute.MENTOR,
                           f"{r.mentor.full_name}, your {r.get_kind_display().lower()}")
               for r in current_relationships(person.pk)]
    if person.line_manager_id:
        choices.append(ShareChoice(person.line_manager, ShareRoute.LINE_MANAGER,
                                   f"{person.line_manager.full_name}, your line manager"))
    return choices


def _name_of(user, author: Person, person_id) -> str:
    """The person's name if the author knows it here (their line manager, a current mentor or
    coach, someone they may see), else "person <id>": a refusal never reveals a name."""
    known = {c.person.pk: c.person for c in share_choices(user)}
    if author.line_manager_id:
        known[author.line_manager_id] = author.line_manager
    person = known.get(person_id) or Person.objects.visible_to(user).filter(
        pk=person_id).first()
    return person.full_name if person else f"person {person_id}"


NOT_ALLOWED = {ShareRoute.MENTOR: "is not your current mentor or coach",
               ShareRoute.LINE_MANAGER: "is not your line manager"}


def parse_choice(choice: str) -> tuple[str, int | None]:
    route, _, raw = (choice or "").partition(":")
    try:
        return route, int(raw)
    except ValueError:
        return route, None


def share_entry(user, entry: Entry, *, person_id, route: str, request=None) -> Share:
    """Share the entry with one named person: a current mentor or coach, or the author's line
    manager. Anyone else is refused, naming them; nothing changes."""
    _require_author(user, entry)
    if route not in ShareRoute.values:
        raise ValidationError({"person": (
            f'Choose your mentor, coach or line manager ("{route}" is not one of them)')})
    author = entry.person
    reader = next((c.person for c in share_choices(user)
                   if c.person.pk == person_id and c.route == route), None)
    basis = policy.may_share_with(author, reader, route) if reader else None
    if basis is None:
        raise ValidationError({"person": (
            f"{_name_of(user, author, person_id)} {NOT_ALLOWED[route]}: you can share an "
            "entry only with your current mentors and coaches and your line manager")})
    refuse_existing(Share.unscoped.filter(entry=entry, person=reader), "person",
                    f"This entry is already shared with {reader.full_name}")
    with transaction.atomic():
        share = Share.objects.create(
            entry=entry, person=reader, route=route,
            relationship=basis if route == ShareRoute.MENTOR else None)
        record(actor=user, action=AuditAction.CREATE, target=share, request=request,
               detail={"person": author.pk, "entry": entry.pk, "shared with": reader.pk,
                       "route": route})
    return share


def shares_of(user, entry: Entry) -> list[Share]:
    """Who the author's entry is shared with, and whether each share still holds."""
    return shares_by_entry(user, [entry])[entry.pk]


def shares_by_entry(user, entries) -> dict[int, list[Share]]:
    """``shares_of`` for a page of the author's entries: their shares, and the relationships
    the shares rest on, each read in one query for the page."""
    entries = {entry.pk: entry for entry in entries}
    for entry in entries.values():
        _require_author(user, entry)
    found: dict[int, list[Share]] = {pk: [] for pk in entries}
    shares = list(Share.unscoped.filter(entry_id__in=list(entries)).select_related("person")
                  .order_by("pk"))
    running = running_pairs({entry.person_id for entry in entries.values()}) if shares else set()
    for share in shares:
        author = entries[share.entry_id].person
        share.holds = policy.share_holds(share, author, running=running)
        found[share.entry_id].append(share)
    return found


def revoke_share(user, entry: Entry, share_id: int, *, request=None) -> Share:
    """Stop sharing: the reader loses access at once (nothing caches it)."""
    _require_author(user, entry)
    share = entry.shares.select_related("person").filter(pk=share_id).first()
    if share is None:
        raise Http404(f"This entry has no share {share_id}.")
    with transaction.atomic():
        record(actor=user, action=AuditAction.DELETE, target=share, request=request,
               detail={"person": entry.person_id, "entry": entry.pk,
                       "shared with": share.person_id})
        share.delete()
    return share


# --------------------------------------------------------------------------------------
# The person's own copy of their data
# --------------------------------------------------------------------------------------


@sensitive_variables()
def export_rows(user, person: Person) -> list[dict]:
    """The person's entries, decrypted, with whom each is shared: for their own data copy
    only (data_rights.export reads it as the person)."""
    if not policy.keeps_a_log(user) or grants_for(user).person_id != person.pk:
        raise PermissionDenied("Only the author's own copy of their data holds their entries.")
    rows = []
    for entry in my_entries(user).prefetch_related("shares__person"):
        row = {"date": entry.happened_on.isoformat(), "kind": entry.get_kind_display(),
               "Leadership Competency Framework domain": (
                   LcfDomain(entry.lcf_domain).label if entry.lcf_domain else "")}
        row.update({Entry._meta.get_field(name).verbose_name: getattr(entry, name)
                    for name in (*TEXT_FIELDS, "tags")})
        row["shared with"] = [
            {"name": s.person.full_name, "as": s.get_route_display(),
             "shared on": s.shared_at.isoformat(),
             "still has access": policy.share_holds(s, person)}
            for s in entry.shares.all()]
        row["written"], row["last changed"] = (entry.created_at.isoformat(),
                                               entry.updated_at.isoformat())
        rows.append(row)
    return rows
