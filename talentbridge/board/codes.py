"""Code lists of FPPT records and Board Member References (docs/board.md)."""

from talentbridge.core.code_lists import code_lists

Conclusion, CheckOutcome, ReferenceStatus, RequestStatus = code_lists(__name__)

