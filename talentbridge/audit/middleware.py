import re
import uuid

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
