"""Demo talent data: conversations and assessments, then reviews and pools."""

from talentbridge.talent.seed import ensure_seeded

from . import conversations
from . import talent_reviews


def build(seed: int, stdout=None, reset: bool = False) -> None:
    ensure_seeded()
    conversations.build(seed, stdout, reset)
    talent_reviews.build(seed, stdout, reset)


def delete() -> None:
    """Remove demo reviews and pools first (they point at demo users), then conversations."""
    talent_reviews.delete()
    conversations.delete()
