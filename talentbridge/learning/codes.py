"""Code lists of the learning log: kinds of entry, and whom an entry is shared with
(docs/learning-log.md)."""

from talentbridge.core.code_lists import code_lists

EntryKind, ShareRoute = code_lists(__name__)

