"""/api/v1/learning: the signed-in leader's own learning log entries (list, write, read,
change, delete, share, stop sharing), the entries shared with them, and the library of
anonymised lessons. Every operation returns only the caller's own entries or entries shared
with them now; anyone else's entry is 404, exactly like one that does not exist.

Entry text is never echoed in an error: the text fields carry no length or pattern rule
here (the services check them and name only the field), and their values are not kept for
error messages.
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Literal

from ninja import Field
from ninja import Query
from ninja import Router
from ninja import Schema
from ninja import Status

from talentbridge.core.api import ERRORS
from talentbridge.core.api import Id
from talentbridge.core.api import InputSchema
from talentbridge.core.api import PageOut
from talentbridge.core.api import Paging
from talentbridge.core.api import remember_input

from . import lessons
from . import policy
from . import services
from .codes import EntryKind
from .codes import ShareRoute
from .models import Entry

router = Router()


class EntryIn(InputSchema):
    kind: Literal[tuple(EntryKind.values)] = "reflection"
    happened_on: dt.date
    lcf_domain: int | None = None
    title: str = ""
    what_happened: str = ""
    what_i_learnt: str = ""
    do_differently: str = ""
    tags: list[str] = []
    circumstances: str = ""
    pressures: str = ""
    information: str = ""
    system_factors: str = ""
    choices_made: str = ""


class EntryShareOut(Schema):
    id: int
    person_id: int
    name: str
    route: Literal[tuple(ShareRoute.values)]
    gives_access_now: bool


class EntryOut(Schema):
    id: int
    author_id: int
    mine: bool
    kind: str
    happened_on: dt.date
    lcf_domain: int | None
    title: str
    what_happened: str
    what_i_learnt: str
    do_differently: str
    tags: list[str]
    circumstances: str
    pressures: str
    information: str
    system_factors: str
    choices_made: str
    shared_with: list[EntryShareOut]


class EntryPage(PageOut):
    items: list[EntryOut]


class ShareIn(InputSchema):
    person_id: Id
    route: Literal[tuple(ShareRoute.values)]


class LessonIn(InputSchema):
    title: str
    text: str
    lcf_domain: int | None = None
    tags: list[str] = []


class LessonOut(Schema):
    id: uuid.UUID
    title: str
    text: str
    lcf_domain: int | None
    tags: list[str] = Field(alias="tag_list")
    published_month: str

    @staticmethod
    def resolve_published_month(obj) -> str:
        return obj.published_month.strftime("%Y-%m")


class LessonPage(PageOut):
    items: list[LessonOut]


class LessonQuery(Paging):
    q: str = ""
    lcf_domain: int | None = None


class ReportIn(InputSchema):
    reason: str


def _share_out(share) -> dict:
    return {"id": share.pk, "person_id": share.person_id, "name": share.person.full_name,
            "route": share.route, "gives_access_now": share.holds}


def _entry_out(user, entry: Entry, shares: list | None = None) -> dict:
    """``shares``: the entry's, when a page of entries read them at once."""
    mine = policy.is_author(user, entry)
    values = {name: getattr(entry, name) for name in services.TEXT_FIELDS}
    if mine and shares is None:
        shares = services.shares_of(user, entry)
    return {"id": entry.pk, "author_id": entry.person_id, "mine": mine, "kind": entry.kind,
            "happened_on": entry.happened_on, "lcf_domain": entry.lcf_domain, **values,
            "tags": entry.tag_list,
            "shared_with": [_share_out(s) for s in shares] if mine else []}


def _values(request, payload: EntryIn) -> dict:
    remember_input(request, {"kind": payload.kind, "lcf_domain": payload.lcf_domain,
                             "happened_on": payload.happened_on.isoformat()})
    return {**payload.model_dump(), "tags": ", ".join(payload.tags)}


@router.get("/entries", response={200: EntryPage, **ERRORS}, summary="My learning log")
def my_entries(request, paging: Query[Paging]):
    entries = services.my_entries(request.auth)
    chosen = list(entries[paging.offset:paging.offset + paging.limit])
    shares = services.shares_by_entry(request.auth, chosen)
    return {"count": entries.count(), "limit": paging.limit, "offset": paging.offset,
            "items": [_entry_out(request.auth, e, shares[e.pk]) for e in chosen]}


@router.post("/entries", response={201: EntryOut, **ERRORS}, summary="Write an entry")
def create_entry(request, payload: EntryIn):
    entry = services.create_entry(request.auth, _values(request, payload), request=request)
    return Status(201, _entry_out(request.auth, entry))


@router.get("/entries/{id}", response={200: EntryOut, **ERRORS}, summary="Read an entry")
def read_entry(request, id: Id):
    """Your own entry, or one shared with you now (audited, naming its author)."""
    return _entry_out(request.auth, services.get_entry(request.auth, id, request=request))


@router.put("/entries/{id}", response={200: EntryOut, **ERRORS}, summary="Change an entry")
def update_entry(request, id: Id, payload: EntryIn):
    entry = services.my_entry(request.auth, id)
    values = _values(request, payload)
    values.pop("kind")  # an entry stays the kind it was written as
    services.update_entry(request.auth, entry, values, request=request)
    return _entry_out(request.auth, entry)


@router.delete("/entries/{id}", response={204: None, **ERRORS}, summary="Delete an entry")
def delete_entry(request, id: Id):
    services.delete_entry(request.auth, services.my_entry(request.auth, id), request=request)
    return Status(204, None)


@router.post("/entries/{id}/shares", response={201: EntryShareOut, **ERRORS},
             summary="Share an entry")
def share_entry(request, id: Id, payload: ShareIn):
    """With a current mentor or coach, or your line manager; anyone else is refused (400)."""
    entry = services.my_entry(request.auth, id)
    remember_input(request, {"person": payload.person_id, "route": payload.route})
    share = services.share_entry(request.auth, entry, person_id=payload.person_id,
                                 route=payload.route, request=request)
    share.holds = True
    return Status(201, _share_out(share))


@router.delete("/entries/{id}/shares/{share_id}", response={204: None, **ERRORS},
               summary="Stop sharing an entry")
def revoke_share(request, id: Id, share_id: Id):
    services.revoke_share(request.auth, services.my_entry(request.auth, id), share_id,
                          request=request)
    return Status(204, None)


@router.get("/shared-with-me", response={200: EntryPage, **ERRORS},
            summary="Entries shared with me")
def shared_with_me(request, paging: Query[Paging]):
    found = services.shared_with_me(request.auth, request=request)
    chosen = found[paging.offset:paging.offset + paging.limit]
    return {"count": len(found), "limit": paging.limit, "offset": paging.offset,
            "items": [_entry_out(request.auth, s.entry) for s in chosen]}


@router.get("/lessons", response={200: LessonPage, **ERRORS}, summary="Search the lessons")
def list_lessons(request, query: Query[LessonQuery]):
    remember_input(request, {"lcf_domain": query.lcf_domain})
    found = lessons.lessons(request.auth, query=query.q, lcf_domain=query.lcf_domain)
    chosen = found[query.offset:query.offset + query.limit]
    return {"count": found.count(), "limit": query.limit, "offset": query.offset,
            "items": list(chosen)}


@router.get("/lessons/{lesson_id}", response={200: LessonOut, **ERRORS}, summary="A lesson")
def read_lesson(request, lesson_id: uuid.UUID):
    return lessons.get_lesson(request.auth, lesson_id)


@router.post("/lessons", response={201: LessonOut, **ERRORS},
             summary="Publish an anonymised lesson")
def publish_lesson(request, payload: LessonIn):
    """Published at once and never linked to you: you cannot withdraw it."""
    remember_input(request, {"lcf_domain": payload.lcf_domain})
    draft = lessons.check_draft(request.auth, title=payload.title, text=payload.text,
                                lcf_domain=payload.lcf_domain, tags=", ".join(payload.tags))
    return Status(201, lessons.publish(request.auth, draft))


@router.post("/lessons/{lesson_id}/reports", response={201: None, **ERRORS},
             summary="Report a lesson that may identify someone")
def report_lesson(request, lesson_id: uuid.UUID, payload: ReportIn):
    lessons.report(request.auth, lessons.get_lesson(request.auth, lesson_id),
                   reason=payload.reason, request=request)
    return Status(201, None)
