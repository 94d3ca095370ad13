"""Key rotation: a new key first, the command re-encrypts every entry with it, all or nothing,
and the old key can then go."""

from __future__ import annotations

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError
from django.core.management import call_command
from django.db import connection

from talentbridge.learning.models import Entry
from talentbridge.learning.tests.factories import MARKER
from talentbridge.learning.tests.factories import learning_world
from talentbridge.learning.tests.factories import write_entry

pytestmark = pytest.mark.django_db


def _raw() -> dict[int, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT id, what_happened FROM learning_entry ORDER BY id")
        return dict(cursor.fetchall())


def test_rotation_re_encrypts_every_entry_with_the_first_key(settings, capsys):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    settings.TALENTBRIDGE_LEARNING_KEYS = [old]
    w = learning_world()
    second = write_entry(w.alice_person, marker="second")
    before = _raw()
    settings.TALENTBRIDGE_LEARNING_KEYS = [new, old]
    call_command("rotate_learning_keys")
    after = _raw()
    assert set(after) == {w.entry.pk, second.pk}
    assert all(after[pk] != before[pk] for pk in after)
    assert "Re-encrypted 2 learning log entries" in capsys.readouterr().out
    settings.TALENTBRIDGE_LEARNING_KEYS = [new]  # the old key is dropped
    assert Entry.objects.visible_to(w.alice).get(pk=w.entry.pk).what_happened == (
        f"What happened {MARKER}")


def test_rotation_changes_nothing_when_a_value_cannot_be_opened(settings):
    lost, kept, new = (Fernet.generate_key().decode() for _ in range(3))
    settings.TALENTBRIDGE_LEARNING_KEYS = [lost]
    w = learning_world()  # alice's entry under the key that will be lost
    settings.TALENTBRIDGE_LEARNING_KEYS = [kept]
    other = write_entry(w.mo_person, marker="kept")
    before = _raw()
    settings.TALENTBRIDGE_LEARNING_KEYS = [new, kept]
    with pytest.raises(CommandError) as refused:
        call_command("rotate_learning_keys")
    assert refused.value.returncode == 2
    message = str(refused.value)
    assert f"entry {w.entry.pk}, what_happened: no configured key opens it" in message
    assert f"entry {other.pk}" not in message
    assert MARKER not in message
    assert _raw() == before  # all or nothing
