"""schemathesis over the whole OpenAPI document, against the app and a seeded database, on both backends:
no answer is a server error, and every answer (status, media type, headers, body) is one the document allows."""

from __future__ import annotations

from collections import Counter
from typing import Any

import jsonschema_rs  # schemathesis' own validator
import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.pytest.lazy import get_all_tests
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_headers_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from engine import services
from support.api import World, api_app, api_env, bearer
from workflows.congress import services as congress
from workflows.federation import services as federation
from workflows.federation.roles import FEDERATION_OFFICE

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
MAX_EXAMPLES = 12
SETTINGS = settings(max_examples=MAX_EXAMPLES, derandomize=True, deadline=None, suppress_health_check=list(HealthCheck),
                    database=None)


@pytest.fixture
def env(db_url, clock, tmp_path):
    yield from api_env(db_url, clock, tmp_path)


@pytest.fixture
def seeded(env, tmp_path) -> dict[str, Any]:
    """The app over a congress in session (everyone checked in, a motion open), a proposal, a bargaining case with
    two drafts, a notification and a committee template, the union under a district federation that has invited
    another union; the token of a representative who is also the union office, a teller, on the proposal committee
    and the district's staff, so that every operation can get past its permission check."""
    world = World(env)
    for role in ("union_office", "teller", "proposal_committee"):
        services.grant_role(env, world.rep1, world.union, role)
    world.check_in_all()
    congress.open_item(env, services.Actor(world.office), world.motion)
    congress.add_item(env, services.Actor(world.office), world.session, kind="election", title="选举工会委员",
                      candidates=["甲", "乙", "丙"], max_choices=2)
    services.save_template(env, world.union, "committee", "一事一案", "请按“一事一案”拆分后重新提交。", world.rep1)
    world.suggestion = services.start_case(env, services.Actor(world.rep1), "suggestion", world.union, "排风口防雨罩", {
        "field": "safety", "situation": "雨天进水", "proposal": "加装防雨罩", "expected_benefit": "减少停线"}).case_id
    world.federation = services.create_organisation(env, "武进区总工会", "federation")
    services.move_organisation(env, world.union, world.federation)
    services.grant_role(env, world.rep1, world.federation, FEDERATION_OFFICE)
    federation.invite(env, world.rep1, world.federation, services.create_organisation(env, "外区工会", "union"))
    return {"app": api_app(env, tmp_path), "token": world.token(world.rep1), "world": world}


def config(world: World) -> schemathesis.Config:
    """Deterministic, small, and aimed at ids that exist most of the time (random ones the rest)."""
    ids = {"case_id": [world.proposal, world.bargain, world.case, world.request, world.inspection, world.finding,
                       world.suggestion],
           "session_id": [world.session],
           "item_id": [world.motion, world.motion + 1], "term_id": [world.term], "file_id": [1],
           "notification_id": [1],
           "name": ["proposal", "congress", "bargaining", "worker_request", "inspection", "finding", "suggestion"],
           "user_id": [world.rep2, world.rep3], "department_id": [world.works], "template_id": [1],
           "delivery_id": [1], "federation_id": [world.federation], "union_id": [world.union],
           "trigger": ["edit", "invite", "withdraw", "record_round", "save_draft", "register", "rate",
                       "report_rectification", "refuse", "route"]}
    return schemathesis.Config.from_dict({
        "seed": 20261123,
        "suppress-health-check": ["all"],
        "generation": {"deterministic": True, "max-examples": MAX_EXAMPLES, "mode": "all"},
        "phases": {"stateful": {"enabled": False}},
        "dictionaries": {name: {"values": values} for name, values in ids.items()},
        "parameters": {f"path.{name}": {"dictionary": name, "probability": 0.8} for name in ids},
    })


def test_every_answer_conforms_to_the_document(seeded):
    """Each operation through schemathesis' phases (examples, coverage, fuzzing), one after the other; the
    failures of every operation are reported together. Every case must reach its handler: none may be answered
    429 (failed tokens are throttled per address, and the test client's address is the same for every case)."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded["app"], config=config(seeded["world"]))
    headers = bearer(seeded["token"])
    statuses: Counter[int] = Counter()

    def call(case):
        response = case.call(headers=headers)
        statuses[response.status_code] += 1
        case.validate_response(response, checks=CHECKS, headers=headers)

    failures, ran = [], 0
    # What ``schemathesis.pytest.from_fixture`` runs per operation (its own loop needs a pytest internal that
    # pytest 9 no longer has).
    for result in get_all_tests(schema=schema, test_func=call, settings=SETTINGS, given_kwargs={}):
        operation, test = result.ok()
        ran += 1
        try:
            test()
        except Exception as failure:  # noqa: BLE001  (every operation's failures, reported together)
            failures.append(f"{operation.label}:\n{failure}")
    assert ran >= 30
    print(f"schemathesis: {ran} operations, {sum(statuses.values())} cases, "
          f"{sum(n for code, n in statuses.items() if code >= 500)} answered 5xx, {statuses[429]} throttled")
    assert statuses[429] == 0 and sum(statuses.values()) > 10 * ran
    assert not failures, "\n\n".join(failures)


def test_the_document_is_valid_openapi_3_1(seeded):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", seeded["app"])
    loaded.validate()  # against the OpenAPI 3.1 schema schemathesis carries
    document = loaded.raw_schema
    assert document["openapi"] == "3.1.0"
    assert len(document["paths"]) >= 30
    for schema_object in document["components"]["schemas"].values():  # each a valid JSON Schema 2020-12
        jsonschema_rs.meta.validate({"$schema": "https://json-schema.org/draft/2020-12/schema", **schema_object})
