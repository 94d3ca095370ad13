"""The succession tables keep their own rules even when written around the services."""

import pytest
from django.db import IntegrityError
from django.db import transaction

from talentbridge.succession.models import Readiness
from talentbridge.succession.models import Successor
from talentbridge.succession.tests.factories import make_successor
from talentbridge.succession.tests.factories import succession_world

pytestmark = pytest.mark.django_db


def test_a_post_has_at_most_one_emergency_cover_successor():
    w = succession_world()
    make_successor(w.ceo, w.rita, emergency_cover=True)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_successor(w.ceo, w.alice_person, Readiness.ONE_TO_TWO_YEARS, emergency_cover=True)
    assert Successor.unscoped.filter(post=w.ceo).count() == 1


def test_a_person_is_named_once_in_a_post_s_plan():
    w = succession_world()
    make_successor(w.ceo, w.rita)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_successor(w.ceo, w.rita, Readiness.THREE_OR_MORE_YEARS)
