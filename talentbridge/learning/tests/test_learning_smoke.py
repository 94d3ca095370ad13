import pytest

from talentbridge.learning import services
from talentbridge.learning.models import ShareRoute
from talentbridge.learning.tests.factories import MARKER, learning_world

pytestmark = pytest.mark.django_db


def test_smoke():
    w = learning_world()
    assert services.get_entry(w.alice, w.entry.pk).what_happened.endswith(MARKER)
    share = services.share_entry(w.alice, w.entry, person_id=w.meg_person.pk,
                                 route=ShareRoute.MENTOR)
    assert services.get_entry(w.meg, w.entry.pk)
    assert [s.entry.pk for s in services.shared_with_me(w.meg)] == [w.entry.pk]
    services.revoke_share(w.alice, w.entry, share.pk)
    with pytest.raises(Exception):
        services.get_entry(w.meg, w.entry.pk)
