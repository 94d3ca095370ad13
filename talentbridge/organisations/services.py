"""Changes to organisation reference data, shared by the web pages and the API."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.people.policy import grants_for

from .models import KindSource, Organisation, OrganisationKind


@transaction.atomic
def correct_kind(actor, organisation: Organisation, kind: str, *, request=None) -> Organisation:
    """An administrator corrects an organisation's kind (the loader only guesses it from the
    name). The correction is marked as the administrator's, so a reload keeps it; audited."""
    if not grants_for(actor).is_administrator:
        raise PermissionDenied("Only an administrator can change an organisation's kind.")
    if kind not in OrganisationKind.values:
        raise ValidationError({"kind": f'"{kind}" is not a kind of organisation'})
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    before = (organisation.kind, organisation.kind_source)
    organisation.kind = kind
    organisation.kind_source = KindSource.ADMINISTRATOR
    if before != (organisation.kind, organisation.kind_source):
        organisation.save(update_fields=["kind", "kind_source"])
        record(actor=actor, action=AuditAction.UPDATE, target=organisation, request=request,
               target_label=f"{organisation.ods_code} {organisation.display_name}"[:200],
               detail={"fields": ["kind"], "kind": {"from": before[0], "to": kind},
                       "kind_source": {"from": before[1], "to": KindSource.ADMINISTRATOR}})
    return organisation
