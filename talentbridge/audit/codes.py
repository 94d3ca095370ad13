"""Code lists of the audit trail: what was done (docs/access-policy.md)."""

from talentbridge.core.code_lists import code_lists

(AuditAction,) = code_lists(__name__)
