"""A Board Member Reference is made whenever a board post's incumbent leaves it: the board app
watches the succession app's posts (which never import the board app) and records the
departure, whichever service, page or import changed the incumbent."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.db.models.signals import pre_save
from django.dispatch import receiver

from talentbridge.succession.incumbents import incumbent_before_save
from talentbridge.succession.models import BoardPost

from .references import record_departure

_BEFORE = "_board_incumbent_before"


@receiver(pre_save, sender=BoardPost, dispatch_uid="board-post-incumbent-before")
def remember_incumbent(sender, instance: BoardPost, raw=False, **kwargs) -> None:
    if not raw:
        instance.__dict__[_BEFORE] = incumbent_before_save(instance)


@receiver(post_save, sender=BoardPost, dispatch_uid="board-post-departure")
def departure(sender, instance: BoardPost, created=False, raw=False, **kwargs) -> None:
    before = instance.__dict__.pop(_BEFORE, None)
    if raw or created or before is None or before == instance.incumbent_id:
        return
    # the succession service says when the holder left, and who recorded it
    record_departure(instance, before, left_on=instance.__dict__.pop("left_on", None),
                     actor=instance.__dict__.pop("changed_by", None))
