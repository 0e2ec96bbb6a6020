"""A full disk or a read-only file system under the SQLite database: a change answers a 503 page in the site's
layout, the log says why, the data stays intact, and the pages that read go on working; on PostgreSQL, a pooled
connection the server dropped is replaced before the next request uses it. The SQLite database lives on a small
tmpfs mounted for the test (the tests run as root)."""

from __future__ import annotations

import logging
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import psycopg
import pytest
from sqlalchemy import event

from config import Settings
from engine import services
from engine.core.env import Env
from engine.core.registry import Registry
from engine.services import SYSTEM_ACTOR
from engine.store.database import Database
from support.api import World, api_app, api_env, bearer
from support.union import Union
from support.web import PASSWORD, csrf, sign_in
from web import create_app
from workflows import register_all


@pytest.fixture
def small_disk(tmp_path):
    mount = tmp_path / "disk"
    mount.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], check=True)
    yield mount
    subprocess.run(["umount", "-l", str(mount)], check=True)


@pytest.fixture
def on_disk(small_disk, sqlite_template, tmp_path, clock):
    target = small_disk / "unionflow.db"
    shutil.copyfile(sqlite_template, target)
    settings = Settings(instance_path=tmp_path / "instance")
    env = Env(Database(f"sqlite:///{target}"), register_all(Registry(), settings), clock)
    yield env
    env.db.dispose()


def post_proposal(client, union, title, token=None):
    return client.post("/proposals/new", data={
        "csrf_token": token or csrf(client, "/proposals/new"), "session_id": str(union.session), "title": title,
        "category": "welfare", "reasons": "班车太少", "measures": "增开班车", "suggested_department": ""})


def proposals(env):
    return sorted(c.title for c in services.search_cases(env, SYSTEM_ACTOR, workflow="proposal").items)


def fill(disk: Path) -> None:
    with open(disk / "filler", "wb") as out:
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass


@pytest.mark.parametrize("fault", ["full", "read-only"])
def test_a_write_the_disk_refuses_is_a_503_page_and_the_server_goes_on(on_disk, small_disk, tmp_path, caplog,
                                                                        fault):
    union = Union(on_disk, password=PASSWORD)
    app = create_app({"TESTING": True}, env=on_disk, settings=Settings(instance_path=tmp_path / "instance"))
    client = sign_in(app.test_client(), "rep1")
    assert post_proposal(client, union, "关于班车的提案").status_code == 302
    form_token = csrf(client, "/proposals/new")  # the form as it was open in the browser
    token = services.create_token(on_disk, union.rep1, "faults").secret
    if fault == "full":
        fill(small_disk)
    else:  # the connections close (a read-only remount waits for no file open for writing)
        on_disk.db.dispose()
        subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    caplog.set_level(logging.ERROR, "unionflow.web")
    answers = []
    for i in range(3):
        response = post_proposal(client, union, f"关于第{i}趟班车的提案", form_token)
        answers.append(response.status_code)
        page = response.get_data(as_text=True)
        assert "Traceback" not in page and "暂时无法" in page
        if fault == "full":  # in the site's layout; a read-only WAL database cannot even be read, so a plain page
            assert "暂时无法保存修改" in page and 'id="unavailable"' in page and 'class="navbar' in page
    assert answers == [503, 503, 503]
    assert "the database refused a write, answered 503" in caplog.text
    api = app.test_client().post("/api/v1/cases", json={
        "workflow": "proposal", "organisation_id": union.union, "title": "关于班车的提案",
        "form": {"session_id": union.session, "category": "welfare", "reasons": "r", "measures": "m"}},
        headers=bearer(token))
    assert api.status_code == 503 and api.mimetype == "application/problem+json"
    assert client.get("/proposals/mine").status_code == (200 if fault == "full" else 503)  # reads, or a 503

    if fault == "full":
        (small_disk / "filler").unlink()
    else:
        subprocess.run(["mount", "-o", "remount,rw", str(small_disk)], check=True)
    assert proposals(on_disk) == ["关于班车的提案"]  # the data is intact
    assert post_proposal(client, union, "恢复之后的提案").status_code == 302
    assert proposals(on_disk) == ["关于班车的提案", "恢复之后的提案"]


@pytest.mark.parametrize("backend", ["postgresql"], indirect=True)
def test_a_dropped_postgresql_connection_is_replaced_before_the_next_request(db_url, clock, tmp_path):
    pids: list[int] = []
    for env in api_env(db_url, clock, tmp_path):
        event.listen(env.db.engine, "connect", lambda conn, _record: pids.append(conn.info.backend_pid))
        env.db.dispose()
        world = World(env, size=5)
        client = api_app(env, tmp_path).test_client()
        headers = bearer(world.token(world.rep1))
        assert client.get(f"/api/v1/cases/{world.proposal}", headers=headers).status_code == 200
        admin = psycopg.connect(env.db.engine.url.set(drivername="postgresql", query={}).render_as_string(
            hide_password=False), autocommit=True)
        killed = admin.execute("SELECT count(*) FILTER (WHERE pg_terminate_backend(pid)) FROM pg_stat_activity "
                               "WHERE pid = ANY(%s)", (pids,)).fetchone()[0]
        admin.close()
        assert killed >= 1  # every connection the pool holds is gone
        assert client.get(f"/api/v1/cases/{world.proposal}", headers=headers).status_code == 200


def test_the_server_starts_and_stays_up_on_a_read_only_database(small_disk, sqlite_template, tmp_path):
    shutil.copyfile(sqlite_template, small_disk / "unionflow.db")
    subprocess.run(["mount", "-o", "remount,ro", str(small_disk)], check=True)
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "UNIONFLOW_DATABASE_URL": f"sqlite:///{small_disk / 'unionflow.db'}",
                   "UNIONFLOW_INSTANCE_PATH": str(tmp_path / "instance")}
    server = subprocess.Popen([str(Path(sys.executable).parent / "unionflow"), "serve", "--port", str(port)],
                              env=environment, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        answers = []
        for _ in range(600):
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/login", timeout=5) as response:
                    answers.append(response.status)
            except urllib.error.HTTPError as refused:
                answers.append(refused.code)
                page = refused.read().decode()
            except OSError:
                assert server.poll() is None, server.stderr.read()
                time.sleep(0.1)
                continue
            if len(answers) == 3:
                break
        assert answers == [503, 503, 503] and server.poll() is None
        assert "数据库暂时无法写入" in page and "Traceback" not in page
    finally:
        server.terminate()
        _out, errors = server.communicate(timeout=30)
    assert "the database cannot be opened for writing" in errors and "Traceback" not in errors
