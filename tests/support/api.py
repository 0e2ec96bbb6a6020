"""The web app over a database of either backend, seeded for the JSON API: a congress in session with a ballot
item, a proposal, a bargaining case with two drafts, and personal API tokens."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient

from config import Settings
from engine import services
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.bargaining import DRAFT_1, DRAFT_2, MANDATE, Bargaining
from support.web import PASSWORD, start_proposal
from web import create_app
from workflows import register_all
from workflows.congress import services as congress


def api_env(db_url: str, clock: FixedClock, tmp_path: Path) -> Iterator[Env]:
    """Every workflow of the installation over the test's database (either backend)."""
    settings = Settings(instance_path=tmp_path / "instance")
    env = Env(Database(db_url), register_all(Registry(), settings), clock)
    yield env
    env.db.dispose()


def api_app(env: Env, tmp_path: Path) -> Flask:
    return create_app({"TESTING": True}, env=env, settings=Settings(instance_path=tmp_path / "instance"))


class World(Bargaining):
    """The bargaining test union in session (12 representatives, rep1..rep5 first), a proposal of rep1's, a
    bargaining case at its second draft, a motion on the ballot (not yet open), an anonymous worker request, and an
    inspection with a finding for the works department."""

    def __init__(self, env: Env, *, size: int = 12) -> None:
        super().__init__(env, password=PASSWORD, size=size, phase="opened")
        self.proposal = start_proposal(env, self)
        self.bargain = self.start(self.office)
        self.fire(self.office, self.bargain, "send_request", {"received_on": "2026-11-23"})
        self.fire(self.boss, self.bargain, "agree_to_negotiate", {"replied_on": "2026-11-23", "reply": "同意协商。"})
        self.fire(self.office, self.bargain, "appoint_union_negotiators", {
            "negotiators": self.union_side, "chief": self.rep1, "chief_mandate": MANDATE})
        self.fire(self.boss, self.bargain, "appoint_employer_negotiators", {"negotiators": self.employer_side,
                                                                             "chief": self.boss})
        self.fire(self.office, self.bargain, "start_talks")
        self.fire(self.rep1, self.bargain, "save_draft", {"text": DRAFT_1})
        self.fire(self.boss, self.bargain, "save_draft", {"text": DRAFT_2, "note": "调整增幅，增加夜班津贴"})
        self.motion = congress.add_item(env, services.Actor(self.office), self.session, kind="motion",
                                        title="关于食堂改造方案的决议")
        self.request = services.start_case(env, services.Actor(self.rep2), "worker_request", self.union,
                                           "车间通风设备故障", {"kind": "problem", "topic": "safety",
                                                                "text": "排风机坏了一周。", "anonymous": True}).case_id
        self.inspection = services.start_case(env, services.Actor(self.office), "inspection", self.union,
                                              "车间安全巡视", {"representatives": [self.rep1, self.rep2],
                                                             "inspection_date": "2026-11-24", "places": "一车间"}
                                              ).case_id
        self.finding = services.start_case(env, services.Actor(self.rep1), "finding", self.union,
                                           "消防通道堆放杂物", {"inspection_id": self.inspection, "place": "一车间",
                                                                "department": self.works}).case_id

    def token(self, user_id: int, name: str = "测试") -> str:
        return services.create_token(self.env, user_id, name).secret


def bearer(token: str, **headers: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}", **headers}


def problem(response: Any, status: int) -> dict[str, Any]:
    """The problem document of an API answer, after checking its status and media type."""
    assert response.status_code == status, response.get_data(as_text=True)
    assert response.mimetype == "application/problem+json", response.get_data(as_text=True)
    body = response.get_json(force=True)
    assert body["status"] == status and body["title"] and body["type"]
    return body


def client(app: Flask) -> FlaskClient:
    return app.test_client()
