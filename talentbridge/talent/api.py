"""Talent API: /api/v1/talent/…"""

from ninja import Router

from talentbridge.talent.conversations import api as api_conversations
from talentbridge.talent.reviews import api as api_reviews

router = Router(tags=["talent"])
router.add_router("", api_conversations.router)
router.add_router("", api_reviews.router)
