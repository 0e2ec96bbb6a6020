"""The web app on a fresh SQLite database with a small union in it, whose people all have a password."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskClient

from config import Settings
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.union import Union
from support.web import PASSWORD
from web import create_app
from workflows import register_all


@pytest.fixture
def web_env(sqlite_template, tmp_path, clock: FixedClock) -> Iterator[Env]:
    target = tmp_path / "web.db"
    shutil.copyfile(sqlite_template, target)
    settings = Settings(instance_path=tmp_path / "instance")
    env = Env(Database(f"sqlite:///{target}"), register_all(Registry(), settings), clock)
    yield env
    env.db.dispose()


@pytest.fixture
def union(web_env: Env) -> Union:
    return Union(web_env, password=PASSWORD)


@pytest.fixture
def app(web_env: Env, tmp_path, union: Union) -> Flask:
    return create_app({"TESTING": True}, env=web_env, settings=Settings(instance_path=tmp_path / "instance"))


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()
