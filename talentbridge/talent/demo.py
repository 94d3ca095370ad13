"""Demo talent data: conversations and assessments, then reviews and pools."""

from . import demo_conversations, demo_reviews
from .seed import ensure_seeded


def build(seed: int, stdout=None, reset: bool = False) -> None:
    ensure_seeded()
    demo_conversations.build(seed, stdout, reset)
    demo_reviews.build(seed, stdout, reset)


def delete() -> None:
    """Remove demo reviews and pools first (they point at demo users), then conversations."""
    demo_reviews.delete()
    demo_conversations.delete()
