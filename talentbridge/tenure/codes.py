"""Code lists of tenure: why a leader left a board post (docs/tenure.md)."""

from talentbridge.core.code_lists import code_lists

(ExitReason,) = code_lists(__name__)
