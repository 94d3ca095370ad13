"""Mount the opportunities API router for the tests if talentbridge.config.api does not yet
(it is registered there under "/opportunities"; until then, the tests mount it the same way)."""

from talentbridge.config.api import api
from talentbridge.opportunities.api import router

if not any(mounted is router for _, mounted in api._routers):
    api.add_router("/opportunities", router, tags=["opportunities"])
