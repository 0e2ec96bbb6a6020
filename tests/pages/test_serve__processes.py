"""Several web processes on one PostgreSQL database, as a union office runs them behind one address: a sign-in
made on one holds on the others, a change made on one shows on the others, and signing out ends it everywhere."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from config import Settings
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.database import Database
from support.union import Union
from support.web import PASSWORD, start_proposal
from workflows import register_all

ROOT = Path(__file__).resolve().parents[2]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def processes(pg_schema_url: str, request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[tuple[Env, list[str]]]:
    from support.db import fresh_url

    url = fresh_url("postgresql", request, tmp_path)
    env = Env(Database(url), register_all(Registry(), Settings()))
    children, addresses = [], []
    environ = {**os.environ, "UNIONFLOW_DATABASE_URL": url, "UNIONFLOW_INSTANCE_PATH": str(tmp_path / "instance"),
               "UNIONFLOW_WEB__SECRET_KEY": "one-key-for-every-process-of-this-office"}
    try:
        for _ in range(2):
            port = _free_port()
            children.append(subprocess.Popen(
                [sys.executable, "-c", "from engine.cli import main; main()", "serve", "--port", str(port)],
                cwd=ROOT, env=environ, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
            addresses.append(f"http://127.0.0.1:{port}")
        for address in addresses:
            for _ in range(200):
                try:
                    httpx.get(f"{address}/login", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            else:
                pytest.fail(f"{address} did not start")
        yield env, addresses
    finally:
        for child in children:
            child.terminate()
            child.wait(timeout=10)
        env.db.dispose()


def _csrf(client: httpx.Client, url: str) -> str:
    return re.search(r'name="csrf_token" value="([^"]+)"', client.get(url).text)[1]


def test_two_processes_share_sign_in_changes_and_sign_out(processes):
    env, (first, second) = processes
    union = Union(env, password=PASSWORD)
    case_id = start_proposal(env, union)
    with httpx.Client(follow_redirects=False) as client:
        response = client.post(f"{first}/login", data={"username": "rep1", "password": PASSWORD,
                                                         "csrf_token": _csrf(client, f"{first}/login")})
        assert response.status_code == 302
        assert client.get(f"{second}/inbox").status_code == 200  # signed in on the other process too
        page = client.get(f"{second}/cases/{case_id}")
        assert page.status_code == 200 and "关于食堂夜班供餐的提案" in page.text
        version = re.search(r'name="expected_version" value="(\d+)"', page.text)[1]
        moved = client.post(f"{first}/cases/{case_id}/act/withdraw", data={
            "csrf_token": _csrf(client, f"{first}/cases/{case_id}"), "expected_version": version,
            "confirmed": "1"})
        assert moved.status_code == 302
        assert "已撤回" in client.get(f"{second}/cases/{case_id}").text  # the change shows on the other
        client.post(f"{second}/logout", data={"csrf_token": _csrf(client, f"{second}/inbox")})
        assert client.get(f"{first}/inbox").status_code == 302  # signed out everywhere
