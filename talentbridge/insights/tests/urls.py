"""The project's URLs plus the insights API at /api/v1/insights/, for the tests, for as long
as talentbridge/config/api.py does not register the insights router itself (the conftest
switches to this URLconf only then; see docs/insights.md for the line to add)."""

from django.urls import path

from talentbridge.config import urls as project_urls
from talentbridge.config.api import TalentBridgeAPI, api
from talentbridge.insights.api import router

insights_api = TalentBridgeAPI(
    title="TalentBridge API (insights, tests)", version="1-insights-tests",
    urls_namespace="insights-api-tests", docs_url=None, openapi_url=None, auth=api.auth,
)
insights_api._exception_handlers = dict(api._exception_handlers)
insights_api.add_router("", router, tags=["insights"])

urlpatterns = [path("api/v1/insights/", insights_api.urls), *project_urls.urlpatterns]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
