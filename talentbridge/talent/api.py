"""Talent API: /api/v1/talent/…"""

from ninja import Router

from . import api_conversations, api_reviews

router = Router(tags=["talent"])
router.add_router("", api_conversations.router)
router.add_router("", api_reviews.router)
