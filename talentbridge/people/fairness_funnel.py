"""What every fairness funnel (`engine.insights.funnel`) of people shares, whichever decisions
it follows (a programme's selection, a talent pool, a talent review): the groups a person
counts in, from their protected characteristics (read only as these aggregates), and the
check and audit event before anyone reads a funnel.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record

from .codes import ETHNIC_MINORITY_CATEGORIES
from .codes import WHITE_CATEGORIES
from .codes import Disability
from .codes import Sex

#: A person's protected characteristics, as `values_list` reads them from a row linked to them.
CHARACTERISTICS = ("person__characteristics__ethnic_category", "person__characteristics__sex",
                   "person__characteristics__disability")


def groups_of(ethnic: str | None, sex: str | None, disability: str | None) -> dict[str, str]:
    return {
        "ethnicity": ("white" if ethnic in WHITE_CATEGORIES else
                      "minority" if ethnic in ETHNIC_MINORITY_CATEGORIES else "unknown"),
        "sex": "male" if sex == Sex.MALE else "female" if sex == Sex.FEMALE else "unknown",
        "disability": ("disabled" if disability == Disability.YES else
                       "not_disabled" if disability == Disability.NO else "unknown"),
    }


def audit_funnel_read(user, target, *, allowed: bool, refusal: str, request=None) -> None:
    """Refuse (`refusal`) unless `allowed`; otherwise audit that `user` read `target`'s funnel."""
    if not allowed:
        raise PermissionDenied(refusal)
    record(actor=user, action=AuditAction.VIEW, target=target, request=request,
           detail={"what": "fairness funnel"})
