"""Talent pages. Conversations and assessments in urls_conversations; reviews and pools in
urls_reviews (kept apart so each part stays small)."""

from . import urls_conversations, urls_reviews

app_name = "talent"

urlpatterns = [*urls_conversations.urlpatterns, *urls_reviews.urlpatterns]
