"""The versioned JSON API: /api/v1/, OpenAPI at /api/v1/openapi.json."""

from ninja import NinjaAPI

api = NinjaAPI(
    title="TalentBridge API",
    version="1",
    description="Leadership talent management for the NHS in England.",
    urls_namespace="api",
)
