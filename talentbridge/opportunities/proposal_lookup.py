"""Finding a match run's proposal for the page or the API that acts on it (offering it)."""

from __future__ import annotations

from . import services
from .models import Proposal


def visible_proposal(user, pk: int) -> Proposal:
    """The proposal, with its run, person and opportunity, if the user sees both it and its
    run (services.get_run refuses as for the run's own page); NotFound otherwise."""
    proposal = Proposal.objects.visible_to(user).select_related(
        "run", "person", "opportunity").filter(pk=pk).first()
    if proposal is None:
        raise services.NotFound("No such proposal")
    services.get_run(user, proposal.run_id)
    return proposal
