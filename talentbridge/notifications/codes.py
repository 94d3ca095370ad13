"""Code lists of notifications: what a notification is about (`Kind`, whose labels the settings
page lists) and what became of its e-mail (docs/notifications.md)."""

from talentbridge.core.code_lists import code_lists

Kind, EmailStatus = code_lists(__name__)
