"""Holdings follow the succession app's board posts: when a post's holder changes (through
`succession.services.appoint_holder`, `record_holder_left`, a page or an import), the leaving
holder's holding closes and the new holder's opens. The reason for leaving is asked for
afterwards on the tenure pages (waiting work for the organisation's talent leads)."""

from __future__ import annotations

from django.db.models.signals import post_save
from django.db.models.signals import pre_save
from django.dispatch import receiver
from django.utils import timezone

from talentbridge.succession.incumbents import incumbent_before_save
from talentbridge.succession.models import BoardPost

from .holdings import close_holding
from .holdings import open_holding
from .holdings import sync_holding

_BEFORE = "_tenure_incumbent_before"


@receiver(pre_save, sender=BoardPost, dispatch_uid="tenure-post-incumbent-before")
def remember_incumbent(sender, instance: BoardPost, raw=False, **kwargs) -> None:
    if not raw:
        # the succession service puts the leaving date on the post; another receiver may take it
        instance.__dict__[_BEFORE] = (incumbent_before_save(instance),
                                      instance.__dict__.get("left_on"))


@receiver(post_save, sender=BoardPost, dispatch_uid="tenure-post-holdings")
def follow_holder(sender, instance: BoardPost, created=False, raw=False, **kwargs) -> None:
    if raw:
        return
    before, left_on = instance.__dict__.pop(_BEFORE, (None, None))
    if not created and before == instance.incumbent_id:
        if before is not None:
            sync_holding(instance)
        return
    if before is not None:
        close_holding(instance, before, left_on or timezone.localdate())
    if instance.incumbent_id is not None:
        open_holding(instance)
