"""Choosing a user (an account) by name or username (``core.pickers``): for the pages that
give a user a part (a talent review's facilitator and participants). The page decides who may
ask (only those who may give the part) and the service who may be given it."""

from __future__ import annotations

from django.db.models import Case
from django.db.models import IntegerField
from django.db.models import Q
from django.db.models import QuerySet
from django.db.models import Value
from django.db.models import When

from talentbridge.core.pickers import Match
from talentbridge.core.pickers import PickerSource
from talentbridge.core.pickers import search_words

from .models import User


def user_matches(users: QuerySet[User], text: str) -> QuerySet[User]:
    """Users whose username starts with the text, or each of whose typed words starts their
    first or last name ("mo" finds mo and Mo Manager); the exact username first."""
    words = search_words(text)
    if not words:
        return users.none()
    each_word = Q()
    for word in words:
        each_word &= Q(first_name__istartswith=word) | Q(last_name__istartswith=word)
    username = "".join(words)
    return (users.filter(each_word | Q(username__istartswith=username))
            .annotate(_exact=Case(When(username__iexact=username, then=Value(0)),
                                  default=Value(1), output_field=IntegerField()))
            .order_by("_exact", "last_name", "first_name", "username"))


def describe(user: User) -> Match:
    return Match(id=str(user.pk), name=user.display_name, detail=f"Username {user.username}")



def user_source(users: QuerySet[User] | None = None, url: str = "") -> PickerSource:
    """A picker over ``users`` (every active user when None)."""
    if users is None:
        users = User.objects.filter(is_active=True)
    return PickerSource(
        search=lambda text: user_matches(users, text),
        lookup=lambda pk: users.filter(pk=int(pk)).first() if pk.isdigit() else None,
        describe=describe, url=url, noun="user",
        exact_names=lambda user: (user.username, user.get_full_name()))
