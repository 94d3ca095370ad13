"""Choosing an organisation by name or ODS code (``core.pickers``). Organisations are public
reference data; the caller narrows the queryset to those its service accepts (the hosts a
talent lead may post for, say)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Case
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When
from django.http import HttpRequest
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from talentbridge.core.pickers import Match
from talentbridge.core.pickers import PickerSource
from talentbridge.core.pickers import picker_json
from talentbridge.core.pickers import search_words

from .models import Organisation


def organisation_matches(organisations: QuerySet[Organisation], text: str
                         ) -> QuerySet[Organisation]:
    """Organisations whose ODS code starts with the text ("RJ" finds RJ1, RJ2), or whose name
    holds every word typed ("manchester univ"); an exact ODS code first, then by name."""
    words = search_words(text)
    if not words:
        return organisations.none()
    code = "".join(words).upper()
    by_name = Q()
    for word in words:
        by_name &= Q(name__icontains=word)
    return (organisations.filter(Q(ods_code__istartswith=code) | by_name)
            .annotate(_exact=Case(When(ods_code=code, then=Value(0)), default=Value(1),
                                  output_field=IntegerField()))
            .order_by("_exact", "name", "ods_code"))


def describe(organisation: Organisation) -> Match:
    return Match(id=str(organisation.pk), name=organisation.display_name,
                 detail=f"ODS code {organisation.ods_code}")



def organisation_source(organisations: QuerySet[Organisation] | None = None, url: str = ""
                        ) -> PickerSource:
    """A picker over ``organisations`` (every organisation open today when None)."""
    if organisations is None:
        organisations = Organisation.objects.open_on()
    return PickerSource(
        search=lambda text: organisation_matches(organisations, text),
        lookup=lambda pk: organisations.filter(pk=int(pk)).first() if pk.isdigit() else None,
        describe=describe, url=url, noun="organisation",
        exact_names=lambda organisation: (organisation.ods_code, organisation.display_name))


@login_required
@require_http_methods(["GET"])
def organisation_suggestions(request: HttpRequest) -> JsonResponse:
    """Organisations open today, by name or ODS code (the general organisation picker)."""
    return picker_json(request, organisation_source())
