"""Choosing a person by name (``core.pickers``): the source over the people a page lets its
user choose, and the JSON answer the autocomplete asks.

The caller gives the queryset, always one read through ``Person.objects.visible_to`` (the
access policy), narrowed by its own service (``nominable_people``, ``placeable_people``);
this module only searches it. What is shown of a person: name, job title and organisation,
never a protected characteristic.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Q
from django.db.models import QuerySet
from django.http import HttpRequest
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from talentbridge.audit.services import record_read
from talentbridge.core.pickers import Found
from talentbridge.core.pickers import Match
from talentbridge.core.pickers import PickerSource
from talentbridge.core.pickers import picker_json
from talentbridge.core.pickers import search_words

from .models import Person
from .services import visible_people


def name_matches(people: QuerySet[Person], text: str) -> QuerySet[Person]:
    """People each of whose typed words starts a given or family name, or the whole family
    name ("z" finds Zeta; "zara ze" finds Zara Zeta), surname first in the order."""
    words = search_words(text)
    if not words:
        return people.none()
    if len(words) == 1 and "@" in words[0]:  # a work email names one person
        return people.filter(work_email__iexact=words[0]).order_by("pk")
    each_word = Q()
    for word in words:
        each_word &= Q(given_name__istartswith=word) | Q(family_name__istartswith=word)
    # or the start of a family name of more than one word ("de la Cruz")
    return (people.filter(each_word | Q(family_name__istartswith=" ".join(words)))
            .order_by("family_name", "given_name", "pk"))


def describe(person: Person) -> Match:
    return Match(id=str(person.pk), name=person.full_name,
                 detail=f"{person.job_title}, {person.organisation.display_name}")



def person_source(people: QuerySet[Person], url: str = "") -> PickerSource:
    """A picker over ``people`` (already limited by the policy and the page's service)."""
    people = people.select_related("organisation")
    return PickerSource(
        search=lambda text: name_matches(people, text),
        lookup=lambda pk: people.filter(pk=int(pk)).first() if pk.isdigit() else None,
        describe=describe, url=url, noun="person",
        exact_names=lambda person: (person.full_name, person.work_email),
        browse=lambda: people.order_by("family_name", "given_name", "pk"))


def people_json(request: HttpRequest, source: PickerSource, *, target=None,
                what: str = "people who may be chosen") -> JsonResponse:
    """The autocomplete's answer for a people source; the people named are audited as read."""
    def audited(found: Found) -> None:
        record_read(actor=request.user, request=request, target=target,
                    target_type="" if target is not None else "people.person",
                    people=[int(m.id) for m in found.matches], what=what)

    return picker_json(request, source, on_answer=audited)


@login_required
@require_http_methods(["GET"])
def people_search_json(request: HttpRequest) -> JsonResponse:
    """Anyone the signed-in user may see, by name (the general person picker)."""
    return people_json(request, person_source(visible_people(request.user)),
                       what="people search suggestions")
