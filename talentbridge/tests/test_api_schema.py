"""No input breaks the API: schemathesis fuzzes every operation in /api/v1/openapi.json.

For each operation, as the demo administrator and as the demo leader (bearer tokens), a fixed
number of generated requests (valid and invalid, derandomized so every run sends the same
ones), with real ids of the small demo data set mixed in so that requests reach real records.
Every answer must not be a server error, must have a status code the operation documents, and
must match the documented schema; a GET must write nothing to the database but its audit
event (and a token's last use).
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import pytest
import schemathesis
from django.core.cache import cache
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished
from django.core.signals import request_started
from django.db import close_old_connections
from django.db import connection
from django.db import transaction
from django.test import override_settings
from hypothesis import HealthCheck
from hypothesis import Phase
from hypothesis import given
from hypothesis import settings
from hypothesis import strategies as st
from ninja import Schema
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from talentbridge.accounts.models import ApiToken
from talentbridge.accounts.models import User
from talentbridge.audit.models import AuditEvent
from talentbridge.config.api import api
from talentbridge.insights import scopes as insights_scopes
from talentbridge.insights import services as insights_services
from talentbridge.insights.models import EventFile
from talentbridge.insights.models import WorkforceSnapshot
from talentbridge.insights.tests.workforce import AS_OF
from talentbridge.insights.tests.workforce import PREVIOUS
from talentbridge.insights.tests.workforce import disciplinary_csv
from talentbridge.insights.tests.workforce import recruitment_csv
from talentbridge.insights.tests.workforce import rows
from talentbridge.opportunities.models import MatchRun
from talentbridge.opportunities.models import Opportunity
from talentbridge.opportunities.models import Placement
from talentbridge.opportunities.models import Proposal
from talentbridge.organisations.models import IntegratedCareSystem
from talentbridge.organisations.models import Organisation
from talentbridge.people.models import Person
from talentbridge.talent.models import Assessment
from talentbridge.talent.models import AssessmentRound
from talentbridge.talent.models import CareerConversation
from talentbridge.talent.models import GridCell
from talentbridge.talent.models import PoolMembership
from talentbridge.talent.models import PoolNomination
from talentbridge.talent.models import ReadinessLevel
from talentbridge.talent.models import ReviewPlacement
from talentbridge.talent.models import TalentPool
from talentbridge.talent.models import TalentReview

#: Generated requests per operation and user (half valid, half invalid on average).
EXAMPLES = 10
#: The demo's size: enough for every kind of record the API reaches, and quick to build.
LEADERS = 200
#: Each NHS trust of one system in the workforce snapshots: (band, ethnic group, staff).
STAFF_OF_EACH_TRUST = [("8a", "W", 12), ("8a", "M", 9), ("8b", "W", 6), ("5", "W", 10),
                       ("5", "M", 8), ("5", "U", 2), ("VSM", "M", 3)]
INSIGHTS_SCOPE = "system:QOP"  # Greater Manchester, where the demo leader works
ROLES = ("admin", "leader")  # demo usernames: the administrator and a leader

SCHEMA = schemathesis.openapi.from_dict(api.get_openapi_schema())
OPERATIONS = {op.label: op for op in (r.ok() for r in SCHEMA.get_all_operations())}
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]
READ_METHODS = {"GET", "HEAD"}

pytestmark = pytest.mark.django_db

#: (path pattern, parameter) → the records whose keys the parameter takes.
REAL_KEYS = [
    (r"/people/\{id\}", "id", Person, "pk"),
    (r"/talent/people/\{id\}", "id", Person, "pk"),
    (r"/talent/conversations/\{id\}", "id", CareerConversation, "pk"),
    (r"/talent/assessments/\{id\}", "id", AssessmentRound, "pk"),
    (r"/invitations/\{invitation_id\}", "invitation_id", Assessment, "pk"),
    (r"/talent/reviews/\{id\}", "id", TalentReview, "pk"),
    (r"/placements/\{placement_id\}", "placement_id", ReviewPlacement, "pk"),
    (r"/talent/pools/\{id\}", "id", TalentPool, "pk"),
    (r"/talent/nominations/\{id\}", "id", PoolNomination, "pk"),
    (r"/talent/memberships/\{id\}", "id", PoolMembership, "pk"),
    (r"/talent/readiness-levels/\{code\}", "code", ReadinessLevel, "code"),
    (r"/opportunities/runs/\{id\}", "id", MatchRun, "pk"),
    (r"/opportunities/proposals/\{id\}", "id", Proposal, "pk"),
    (r"/opportunities/placements/\{id\}", "id", Placement, "pk"),
    (r"/opportunities/\{id\}", "id", Opportunity, "pk"),
    (r"/organisations/\{ods_code\}", "ods_code", Organisation, "ods_code"),
    (r"/systems/\{code\}", "code", IntegratedCareSystem, "code"),
    (r"/tokens/\{prefix\}", "prefix", ApiToken, "prefix"),
    (r"/insights/snapshots/\{id\}", "id", WorkforceSnapshot, "pk"),
    (r"/insights/events/\{id\}", "id", EventFile, "pk"),
]
#: Fields of a JSON body → the records whose keys they take.
REAL_BODY_KEYS = {
    "person": (Person, "pk"), "work_email": (Person, "work_email"),
    "cell": (GridCell, "pk"), "to_cell": (GridCell, "pk"),
    "readiness": (ReadinessLevel, "code"), "username": (User, "username"),
    "organisation": (Organisation, "ods_code"), "host": (Organisation, "ods_code"),
    "system": (IntegratedCareSystem, "code"),
}
SNAPSHOT_QUERY = ("snapshot", "earlier", "previous")
#: Insights scopes the snapshots cover: their system and one of its trusts.
SCOPES = [INSIGHTS_SCOPE, "organisation:R0A"]

#: Writes a read may make: its audit event, and a token's last use (at most once a minute).
WRITE = re.compile(r"^\s*(INSERT|UPDATE|DELETE|REPLACE|TRUNCATE|ALTER|CREATE|DROP)\b", re.I)
ALLOWED_WRITES = re.compile(
    r'^\s*(INSERT\s+INTO\s+"audit_auditevent"|UPDATE\s+"accounts_apitoken"\s+SET\s+'
    r'"last_used_at")', re.I)


@dataclass
class DemoApi:
    app: WSGIHandler
    tokens: dict[str, str]
    keys: dict[tuple[str, str], list]


def _every_row(model):
    """Every row, whoever it is about: the model's default manager (tests need no viewer)."""
    return model._default_manager.all()


def _keys_for(path: str, parameter: str, keys: dict) -> list:
    for pattern, name, model, field in REAL_KEYS:
        if name == parameter and re.search(pattern + r"(/|$)", path):
            return keys[(model._meta.label, field)]
    return []


def _import_small_workforce(admin) -> None:
    """Two snapshots a year apart for one system (every trust in it, a few staff each; four
    8a staff a trust were at band 7 a year before) and two event files for one trust: the
    insights figures, from real imports, without the demo's England-wide ones."""
    for day, promoted in ((PREVIOUS, 4), (AS_OF, 0)):
        trusts = insights_services.required_organisations(insights_scopes.parse(INSIGHTS_SCOPE),
                                                          day)
        staff = [(org, band, group, n, band == "VSM") for org in trusts
                 for band, group, n in STAFF_OF_EACH_TRUST]
        lines = rows(staff, promoted_from_7={(org, "W"): promoted for org in trusts})
        record, _ = insights_services.start_snapshot_import(
            admin, ("\n".join(lines) + "\n").encode(), filename=f"staff-{day}.csv", as_of=day,
            scope=INSIGHTS_SCOPE, run=insights_services.run_snapshot_import)
        record.refresh_from_db()
        assert record.status == "ready", record.errors
    for kind, data in (("recruitment", recruitment_csv()), ("disciplinary", disciplinary_csv())):
        record, _ = insights_services.start_events_import(
            admin, data, filename=f"{kind}.csv", kind=kind, period_start=PREVIOUS,
            period_end=AS_OF, scope="organisation:R0A", run=insights_services.run_events_import)
        record.refresh_from_db()
        assert record.status == "ready", record.errors


@contextmanager
def _requests_keep_the_test_connection() -> Iterator[None]:
    """As Django's test client does: a request must not close the test's connection."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def demo_api(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[DemoApi]:
    """The demo data (small), built once for the module inside a transaction rolled back at
    its end, and the app called in-process (WSGI) on the test's own database connection."""
    from talentbridge.demo import insights as insights_demo
    from talentbridge.demo.extras import EXTRA_DEMOS
    from talentbridge.demo.generator import build_demo

    storage = override_settings(INSIGHTS_STORAGE_DIR=tmp_path_factory.mktemp("insights"))
    with (storage, _requests_keep_the_test_connection(), django_db_blocker.unblock(),
          transaction.atomic()):
        build_demo(seed=2026, leaders=LEADERS)
        for module in EXTRA_DEMOS:
            if module is not insights_demo:  # England-wide: slow; a smaller one below
                module.build(2026, None)
        _import_small_workforce(User.objects.get(username="admin"))
        tokens = {role: ApiToken.issue(User.objects.get(username=role), "schema test")[1]
                  for role in ROLES}
        keys = {(model._meta.label, field): sorted(_every_row(model).values_list(field, flat=True))
                for model, field in [(m, f) for _, _, m, f in REAL_KEYS]
                + list(REAL_BODY_KEYS.values())}
        yield DemoApi(WSGIHandler(), tokens, keys)
        transaction.set_rollback(True)


class WriteWatcher:
    """Records every statement that writes, but those a read may make."""

    def __init__(self) -> None:
        self.writes: list[str] = []

    def __call__(self, execute, sql, params, many, context):
        if WRITE.match(sql) and not ALLOWED_WRITES.match(sql):
            self.writes.append(sql[:200])
        return execute(sql, params, many, context)


def _with_real_keys(case, data, keys: dict) -> None:
    """Half the time, a real key for each path parameter and each field of a JSON body that
    names a record, and a real snapshot or scope for each in the query."""
    for name in list(case.path_parameters or {}):
        real = _keys_for(case.operation.path, name, keys)
        if real and data.draw(st.booleans(), label=f"real {name}"):
            case.path_parameters[name] = data.draw(st.sampled_from(real), label=name)
    if isinstance(case.body, dict):
        for name in sorted(REAL_BODY_KEYS.keys() & case.body.keys()):
            model, field = REAL_BODY_KEYS[name]
            if data.draw(st.booleans(), label=f"real {name}"):
                real = keys[(model._meta.label, field)]
                case.body[name] = data.draw(st.sampled_from(real), label=name)
    if case.query is not None and not isinstance(case.query, dict):
        return  # an invalid query as a whole
    real_query = {name: keys[(WorkforceSnapshot._meta.label, "pk")] for name in SNAPSHOT_QUERY}
    real_query["scope"] = SCOPES
    for name in (p.name for p in case.operation.query):
        real = real_query.get(name)
        if real and data.draw(st.booleans(), label=f"real {name}"):
            case.query = {**(case.query or {}), name: data.draw(st.sampled_from(real), label=name)}


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("label", sorted(OPERATIONS))
def test_no_input_breaks_the_operation(label, role, demo_api):
    operation = OPERATIONS[label]
    headers = {"Authorization": f"Bearer {demo_api.tokens[role]}"}
    cases = st.one_of(operation.as_strategy(GenerationMode.POSITIVE),
                      operation.as_strategy(GenerationMode.NEGATIVE))

    @settings(max_examples=EXAMPLES, derandomize=True, database=None, deadline=None,
              phases=[Phase.explicit, Phase.generate], print_blob=False,
              suppress_health_check=list(HealthCheck))
    @given(case=cases, data=st.data())
    def send_and_check(case, data):
        _with_real_keys(case, data, demo_api.keys)
        watcher = WriteWatcher()
        with transaction.atomic():  # each request starts from the same data
            with connection.execute_wrapper(watcher):
                response = case.call(app=demo_api.app, headers=headers)
            transaction.set_rollback(True)
        case.validate_response(response, checks=CHECKS, headers=headers)
        if case.method.upper() in READ_METHODS:
            assert not watcher.writes, (
                f"{case.method} {case.formatted_path} changed data: {watcher.writes}")

    send_and_check()


def _schema_classes(cls: type = Schema) -> Iterator[type]:
    for sub in cls.__subclasses__():
        yield sub
        yield from _schema_classes(sub)


def test_each_schema_name_in_openapi_json_means_one_thing():
    """openapi.json names each schema by its class name alone, so two classes of one name but
    different fields would document one of them wrongly."""
    shapes: dict[str, dict[str, str]] = defaultdict(dict)
    for model in set(_schema_classes()):
        if model.__module__.startswith("talentbridge.") and ".tests" not in model.__module__:
            shapes[model.__name__][model.__module__] = json.dumps(
                model.model_json_schema(), sort_keys=True)
    clashes = {name: sorted(by_module) for name, by_module in shapes.items()
               if len(set(by_module.values())) > 1}
    assert clashes == {}


def test_too_many_requests_is_a_documented_answer(demo_api, settings):
    cache.clear()
    settings.TALENTBRIDGE_API_RATE = "1/m"
    headers = {"Authorization": f"Bearer {demo_api.tokens['leader']}"}
    case = OPERATIONS["GET /api/v1/regions"].Case()
    assert case.call(app=demo_api.app, headers=headers).status_code == 200
    refused = case.call(app=demo_api.app, headers=headers)
    cache.clear()
    assert refused.status_code == 429
    case.validate_response(refused, checks=CHECKS)


def test_a_file_over_the_upload_limit_is_a_documented_answer(demo_api, monkeypatch):
    monkeypatch.setattr(insights_services, "MAX_UPLOAD_BYTES", 1000)
    headers = {"Authorization": f"Bearer {demo_api.tokens['admin']}"}
    for label in ("POST /api/v1/insights/snapshots", "POST /api/v1/insights/events"):
        case = OPERATIONS[label].Case(
            body={"file": b"x" * 5000, "as_of": "2026-10-01", "kind": "recruitment"},
            media_type="multipart/form-data")
        refused = case.call(app=demo_api.app, headers=headers)
        assert refused.status_code == 413, label
        assert "must be smaller than 1,000 bytes" in refused.json()["errors"][0]["message"]
        case.validate_response(refused, checks=CHECKS)


def test_the_write_watcher_lets_a_read_audit_itself_and_sees_any_other_write(demo_api):
    person = _every_row(Person).order_by("pk").first()
    headers = {"Authorization": f"Bearer {demo_api.tokens['admin']}"}
    case = OPERATIONS["GET /api/v1/people/{id}"].Case(path_parameters={"id": person.pk})
    events = AuditEvent.objects.count()
    watcher = WriteWatcher()
    with connection.execute_wrapper(watcher):
        assert case.call(app=demo_api.app, headers=headers).status_code == 200
        assert AuditEvent.objects.count() == events + 1
        assert watcher.writes == []
        _every_row(Person).filter(pk=person.pk).update(job_title="Chief Executive")
    assert len(watcher.writes) == 1 and watcher.writes[0].startswith('UPDATE "people_person"')
