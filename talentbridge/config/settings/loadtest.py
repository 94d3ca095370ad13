"""Load test profile (``talentbridge loadtest``, talentbridge/loadtest): the production profile,
unchanged but for what lets a load generator stand in for hundreds of people on one machine.

* the query log (talentbridge/loadtest/querylog.py) times every statement of every request;
* the ten demo sign-ins stand for hundreds of people, so each account's sign-in count would
  count other people's sign-ins: the per-account limit is raised. The per-address limit stays
  as in production (each simulated person has their own address, sent through a trusted
  proxy as a load balancer would);
* the API request limit per user is raised for the same reason;
* the load generator speaks plain HTTP to gunicorn, where a load balancer would have ended
  HTTPS, so the session and CSRF cookies are not marked HTTPS-only (a client keeps such a
  cookie to itself over HTTP, and every sign-in would fail its CSRF check).

Never deploy this profile: the demo sign-ins' password is published.
"""

from .production import *  # noqa: F403
from .production import MIDDLEWARE

TALENTBRIDGE_PROFILE = "loadtest"
MIDDLEWARE = ["talentbridge.loadtest.querylog.QueryLogMiddleware", *MIDDLEWARE]
LOGIN_THROTTLE_MAX_FAILURES = 10_000
LOGIN_THROTTLE_MAX_FAILURES_PER_ADDRESS = 5
TALENTBRIDGE_API_RATE = "60000/m"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
