"""Notifications: in-app, and by e-mail through GOV.UK Notify (production) or Django's e-mail
backend, sent after the change commits."""
