"""Changes to organisation reference data, shared by the web pages and the API; and the counts
of leaders by band that organisation and system pages show."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError
from django.db import transaction

from engine.insights.disclosure import control_count
from talentbridge.accounts.grants import grants_for
from talentbridge.audit.models import AuditAction
from talentbridge.audit.services import record
from talentbridge.people import web_services

from .models import KindSource
from .models import Organisation
from .models import OrganisationKind


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


def leader_counts_by_band(viewer, organisation_ids) -> tuple[list[tuple[str, int | str]], bool]:
    """(band label, number of leaders) for the people these organisations employ, and whether
    the counts are exact. Exact only for administrators, who may see every profile; for
    everyone else each count goes through the disclosure rule (1 to 7 as "*", others rounded
    to the nearest 5), so the page's list of leaders the viewer can see cannot be subtracted
    from a band's count to find a leader hidden from them. Bands with nobody are left out."""
    counts = web_services.leader_counts_by_band(organisation_ids)
    if grants_for(viewer).is_administrator:
        return counts, True
    return [(band, control_count(n)) for band, n in counts], False
