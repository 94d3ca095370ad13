"""Field-level encryption of learning log entries at rest (docs/learning-log.md, docs/adr/).

The keys are Fernet keys from ``settings.TALENTBRIDGE_LEARNING_KEYS`` (the environment variable
``TALENTBRIDGE_LEARNING_KEYS``, comma-separated): the first encrypts, every one decrypts, so a
new key is put first, every entry is re-encrypted with it (``talentbridge manage
rotate_learning_keys``) and the old one is then dropped. The keys are read on every use, so
nothing holds them beyond the settings.

Errors never carry the text or the ciphertext: a failed decryption says only that the key is
missing.
"""

from __future__ import annotations

from cryptography.fernet import Fernet
from cryptography.fernet import InvalidToken
from cryptography.fernet import MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.views.decorators.debug import sensitive_variables

#: The prefix every stored value starts with, so a plain value is never taken for ciphertext.
PREFIX = "fernet:"


class UndecryptableEntry(RuntimeError):
    """Stored text that no configured key opens (the message names no text)."""


def keys() -> list[str]:
    configured = getattr(settings, "TALENTBRIDGE_LEARNING_KEYS", None) or []
    if not configured:
        raise ImproperlyConfigured(
            "TALENTBRIDGE_LEARNING_KEYS is not set: the learning log needs at least one "
            "Fernet key to encrypt its entries.")
    return list(configured)


def check_keys(values: list[str]) -> list[str]:
    """Each key is a Fernet key (32 url-safe base64-encoded bytes); the message names the
    position of a bad one, never the key."""
    for position, key in enumerate(values, start=1):
        try:
            Fernet(key.encode())
        except (ValueError, TypeError):
            raise ImproperlyConfigured(
                f"TALENTBRIDGE_LEARNING_KEYS: key {position} of {len(values)} is not a Fernet "
                "key (32 url-safe base64-encoded bytes; make one with "
                "`python -c \"from cryptography.fernet import Fernet; "
                "print(Fernet.generate_key().decode())\"`).") from None
    return values


def cipher() -> MultiFernet:
    return MultiFernet([Fernet(key.encode()) for key in check_keys(keys())])


@sensitive_variables()
def encrypt(text: str) -> str:
    return PREFIX + cipher().encrypt(text.encode()).decode()


@sensitive_variables()
def decrypt(stored: str) -> str:
    if not stored.startswith(PREFIX):
        raise UndecryptableEntry("A learning log value is not encrypted.")
    try:
        return cipher().decrypt(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise UndecryptableEntry(
            "A learning log value could not be decrypted: the key it was encrypted with is not "
            "in TALENTBRIDGE_LEARNING_KEYS.") from None


@sensitive_variables()
def rotate(stored: str) -> str:
    """The same text encrypted with the first key (MultiFernet.rotate)."""
    if not stored.startswith(PREFIX):
        raise UndecryptableEntry("A learning log value is not encrypted.")
    try:
        return PREFIX + cipher().rotate(stored.removeprefix(PREFIX).encode()).decode()
    except InvalidToken:
        raise UndecryptableEntry(
            "A learning log value could not be re-encrypted: the key it was encrypted with is "
            "not in TALENTBRIDGE_LEARNING_KEYS.") from None


class EncryptedTextField(models.TextField):
    """Text kept encrypted in the database column and plain only in memory."""

    def from_db_value(self, value, expression, connection):
        return value if value is None else decrypt(value)

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return value if value is None else encrypt(value)
