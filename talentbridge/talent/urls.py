"""Talent pages. Conversations and assessments in urls_conversations; reviews and pools in
urls_reviews (kept apart so each part stays small)."""

from talentbridge.talent.conversations import urls as urls_conversations
from talentbridge.talent.reviews import urls as urls_reviews

app_name = "talent"

urlpatterns = [*urls_conversations.urlpatterns, *urls_reviews.urlpatterns]
