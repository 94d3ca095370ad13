"""Code lists of organisations: their kinds, and where an organisation's kind came from."""

from talentbridge.core.code_lists import code_lists

OrganisationKind, KindSource = code_lists(__name__)

