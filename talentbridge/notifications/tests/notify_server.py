"""A stand-in for GOV.UK Notify: a real HTTP server on 127.0.0.1, in a thread, that checks each
request as Notify would (the path, a JWT Bearer token signed with the API key's secret and
issued by its service, the JSON body) and answers as Notify does.

``answer`` chooses the reply: 201 with a new notification id (Notify accepted the e-mail), or
an error status with Notify's error body. Every request is kept in ``received``; anything
Notify would have refused is listed in ``problems`` (and answered 403 or 400, as Notify).
"""

from __future__ import annotations

import json
import threading
import uuid
from http.server import BaseHTTPRequestHandler
from http.server import ThreadingHTTPServer

import jwt

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
#: Notify's key format: the key's name, the service id (36), the secret (36).
API_KEY = f"talentbridge_test-{SERVICE_ID}-{SECRET}"
EMAIL_PATH = "/v2/notifications/email"
ERRORS = {
    400: {"error": "BadRequestError", "message": "email_address Not a valid email address"},
    500: {"error": "Exception", "message": "Internal server error"},
}


class StandInNotify:
    def __init__(self, answer: int = 201):
        self.answer = answer
        self.received: list[dict] = []
        self.problems: list[str] = []
        self.sent_ids: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True,
                                        name="stand-in-notify")

    @property
    def base_url(self) -> str:
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def __enter__(self) -> StandInNotify:
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(timeout=5)

    def check(self, path: str, authorization: str, raw: bytes) -> tuple[int, dict]:
        """Notify's own checks, in its order; the status and body it would answer."""
        if path != EMAIL_PATH:
            return self._refuse(404, f"POST to {path}, not {EMAIL_PATH}")
        scheme, _, token = authorization.partition(" ")
        try:
            claims = jwt.decode(token, SECRET, algorithms=["HS256"],
                                options={"require": ["iss", "iat"]})
        except jwt.PyJWTError as error:
            return self._refuse(403, f"{scheme} token not signed with the key's secret: {error}")
        if scheme != "Bearer" or claims["iss"] != SERVICE_ID:
            return self._refuse(403, f"{scheme} token issued by {claims['iss']}, not the service")
        try:
            body = json.loads(raw)
        except ValueError as error:
            return self._refuse(400, f"body is not JSON: {error}")
        self.received.append(body)
        missing = [k for k in ("email_address", "template_id", "personalisation", "reference")
                   if not body.get(k)]
        missing += [f"personalisation.{k}" for k in ("subject", "body")
                    if k not in (body.get("personalisation") or {})]
        if missing:
            return self._refuse(400, f"missing {', '.join(missing)}")
        if self.answer != 201:
            return self.answer, {"status_code": self.answer, "errors": [ERRORS[self.answer]]}
        notification_id = str(uuid.uuid4())
        self.sent_ids.append(notification_id)
        return 201, {"id": notification_id, "reference": body["reference"],
                     "content": {"subject": body["personalisation"]["subject"],
                                 "body": body["personalisation"]["body"]},
                     "template": {"id": body["template_id"], "version": 1, "uri": ""},
                     "uri": f"{self.base_url}/v2/notifications/{notification_id}"}

    def _refuse(self, status: int, problem: str) -> tuple[int, dict]:
        self.problems.append(problem)
        return status, {"status_code": status,
                        "errors": [{"error": "BadRequestError", "message": problem}]}

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        stand_in = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802 (the name http.server calls)
                raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
                status, body = stand_in.check(self.path, self.headers.get("Authorization", ""),
                                              raw)
                payload = json.dumps(body).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, format, *args) -> None:  # noqa: A002 (http.server's name)
                pass  # keep the test output quiet

        return Handler
