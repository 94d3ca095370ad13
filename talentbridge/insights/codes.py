"""Code lists of workforce imports: an import's state, and the kinds of WRES/WDES event file
(docs/insights.md)."""

from talentbridge.core.code_lists import code_lists

ImportStatus, EventKind = code_lists(__name__)


FINISHED = (ImportStatus.READY, ImportStatus.REJECTED, ImportStatus.FAILED,
            ImportStatus.DUPLICATE)

