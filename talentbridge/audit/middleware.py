import re
import uuid

from .services import record_refusal

_SAFE_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")


class RequestIdMiddleware:
    """Give every request an id of the server's own for the audit trail. A client's
    X-Request-ID is never used as that id (a client could otherwise make its requests look
    like someone else's); a safe one is kept apart as ``client_request_id`` and recorded in the
    audit event's detail, for matching with the client's own logs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request.request_id = uuid.uuid4().hex
        request.client_request_id = incoming if _SAFE_ID.match(incoming) else ""
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


class RefusalAuditMiddleware:
    """Record every refused request of a signed-in user in the audit trail, once: a 403, or a
    404 from a page or API operation that exists (a person, or anything else, the user may
    not see looks like one that does not exist; both are recorded). In one place, so every
    page and API operation, new ones too, gets it. Sits after RequestIdMiddleware."""

    #: the API's answer for an address with no operation: not a refusal of anything
    IGNORED_VIEWS = frozenset({"api:not-found"})

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if (response.status_code in (403, 404) and match is not None
                and match.view_name not in self.IGNORED_VIEWS):
            record_refusal(request, response.status_code, getattr(request, "refusal", None))
        return response

    def process_exception(self, request, exception):
        request.refusal = exception
