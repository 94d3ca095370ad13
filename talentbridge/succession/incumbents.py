"""What the apps that follow board posts' holders (board, tenure) ask before a post is saved:
the incumbent the database still holds for it, to compare with the one being saved."""

from __future__ import annotations

from .models import BoardPost


def incumbent_before_save(post: BoardPost) -> int | None:
    """The id of the incumbent the database holds for this post (None for a new post)."""
    if post.pk is None:
        return None
    return BoardPost.objects.filter(pk=post.pk).values_list("incumbent_id", flat=True).first()
