"""Several web processes through a real PgBouncer in transaction mode: signing in, actions and reads over real
HTTP, with no prepared statement or session state held between transactions; the scheduler, whose lock is a
session's, connects past the pooler, one active and one standby."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from config import Settings
from engine import services
from engine.core.context import Actor
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.db import START, fresh_url
from support.serving import pgbouncer, web_processes
from support.union import Union
from support.web import PASSWORD
from workflows import register_all

COMMENTS = 40


@pytest.fixture
def direct(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    return fresh_url("postgresql", request, tmp_path)


@pytest.fixture
def env(direct: str) -> Iterator[Env]:
    environment = Env(Database(direct), register_all(Registry(), Settings()), FixedClock(START))
    yield environment
    environment.db.dispose()


def test_two_web_processes_act_and_read_through_pgbouncer_in_transaction_mode(env, direct, tmp_path):
    u = Union(env, password=PASSWORD)
    case_id = services.start_case(env, Actor(u.rep1), "proposal", u.union, "关于夜班班车的提案",
                                  {"session_id": u.session, "category": "welfare", "reasons": "夜班下班无车",
                                   "measures": "增开夜班班车"}).case_id
    services.fire(env, Actor(u.rep1), case_id, "invite", {"co_signers_invited": [u.rep2, u.rep3]})
    tokens = {who: services.create_token(env, getattr(u, who), "测试").secret for who in ("rep1", "rep2", "rep3")}
    with pgbouncer(direct) as pooled, web_processes(2, pooled, tmp_path / "instance", threads=4) as base:
        def comment(n: int) -> int:
            who = ("rep1", "rep2", "rep3")[n % 3]
            response = httpx.post(f"{base}/api/v1/cases/{case_id}/comments", json={"text": f"第{n}条意见"},
                                  headers={"Authorization": f"Bearer {tokens[who]}"}, timeout=30)
            return response.status_code

        with ThreadPoolExecutor(8) as pool:
            assert sorted(set(pool.map(comment, range(COMMENTS)))) == [201]
        # The same statements many times over (psycopg would prepare them after five) on whichever server
        # connection PgBouncer lends: never "prepared statement does not exist".
        for _ in range(12):
            listed = httpx.get(f"{base}/api/v1/cases/{case_id}/comments",
                               headers={"Authorization": f"Bearer {tokens['rep2']}"}, timeout=30)
            assert listed.status_code == 200 and len(listed.json()["items"]) == COMMENTS
        # A person in a browser: the sign-in form, its server-side session, then the case page.
        with httpx.Client(base_url=base, timeout=30) as browser:
            form = browser.get("/login").text
            token = re.search(r'name="csrf_token" value="([^"]+)"', form).group(1)
            signed = browser.post("/login", data={"username": "rep3", "password": PASSWORD, "csrf_token": token})
            assert signed.status_code == 302
            for _ in range(8):
                page = browser.get(f"/cases/{case_id}")
                assert page.status_code == 200 and "关于夜班班车的提案" in page.text


def scheduler(environ: dict[str, str], log: Path) -> subprocess.Popen:
    with log.open("wb") as out:
        return subprocess.Popen([str(Path(sys.executable).parent / "unionflow"), "scheduler", "--standby-retry", "0.5"],
                                env=environ, stdout=out, stderr=subprocess.STDOUT)


def said(log: Path, words: str, timeout: float = 60) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if words in log.read_text(errors="replace"):
            return True
        time.sleep(0.2)
    return False


def test_the_scheduler_connects_past_pgbouncer_one_active_one_standby(env, direct, tmp_path):
    with pgbouncer(direct) as pooled:
        environ = {**os.environ, "UNIONFLOW_DATABASE_URL": pooled, "UNIONFLOW_DATABASE_POOLED": "true",
                   "UNIONFLOW_DATABASE_SCHEDULER_URL": direct, "UNIONFLOW_INSTANCE_PATH": str(tmp_path)}
        first = scheduler(environ, tmp_path / "first.log")
        try:
            assert said(tmp_path / "first.log", "Scheduler active")
            second = scheduler(environ, tmp_path / "second.log")
            try:
                assert said(tmp_path / "second.log", "Scheduler on standby")
                first.terminate()
                first.wait(30)
                assert said(tmp_path / "second.log", "Scheduler active")  # the standby takes over
            finally:
                second.terminate()
                second.wait(30)
        finally:
            if first.poll() is None:
                first.terminate()
                first.wait(30)


def test_a_scheduler_told_only_the_pooled_address_refuses_to_start(tmp_path):
    environ = {**os.environ, "UNIONFLOW_DATABASE_URL": "postgresql://postgres@127.0.0.1:6432/unionflow",
               "UNIONFLOW_DATABASE_POOLED": "true", "UNIONFLOW_INSTANCE_PATH": str(tmp_path)}
    environ.pop("UNIONFLOW_DATABASE_SCHEDULER_URL", None)
    done = subprocess.run([str(Path(sys.executable).parent / "unionflow"), "scheduler"], env=environ,
                          capture_output=True, text=True, timeout=120, check=False)
    assert done.returncode != 0
    assert "set database_scheduler_url" in done.stderr
