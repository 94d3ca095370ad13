"""Code lists of requests to correct a person's record (UK GDPR Article 16): what is to be
corrected and how far the request has got (docs/data-rights.md)."""

from talentbridge.core.code_lists import code_lists

CorrectionArea, CorrectionStatus = code_lists(__name__)


#: Statuses after which nothing more happens to a request.
RESOLVED = (CorrectionStatus.DONE, CorrectionStatus.REFUSED)
