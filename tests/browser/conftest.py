"""The product served by waitress on a free local port, driven by Debian's chromium through Playwright."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import BrowserContext, Page

from config import Settings
from engine.core.env import Env
from engine.core.registry import Registry
from engine.store.database import Database
from engine.time.clock import FixedClock
from support.browser import sign_in
from support.demo import demo_env
from support.serving import served
from support.union import Union
from support.web import PASSWORD
from web import create_app
from workflows import register_all

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"


@dataclass
class Live:
    url: str
    env: Env
    union: Union

    def sign_in(self, page: Page, username: str) -> None:
        sign_in(page, self.url, username, PASSWORD)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):  # noqa: ANN001, ANN201 - pytest-playwright hook
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: install Debian's chromium (make test and .ci/run do)")
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic"]}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):  # noqa: ANN001, ANN201 - pytest-playwright hook
    return {**browser_context_args, "locale": "zh-CN", "timezone_id": "Asia/Shanghai"}


@pytest.fixture
def live_union() -> Callable[[Env], Union]:
    """What the served database holds: the proposals union. A test module may override it (a congress...)."""
    return lambda env: Union(env, password=PASSWORD)


@pytest.fixture
def live(sqlite_template, tmp_path, clock: FixedClock, live_union: Callable[[Env], Union]) -> Iterator[Live]:
    target = tmp_path / "live.db"
    shutil.copyfile(sqlite_template, target)
    settings = Settings(instance_path=tmp_path / "instance")
    env = Env(Database(f"sqlite:///{target}"), register_all(Registry(), settings), clock)
    union = live_union(env)
    try:
        with served(create_app({"TESTING": False}, env=env, settings=settings)) as url:
            yield Live(url, env, union)
    finally:
        env.db.dispose()


@pytest.fixture(scope="module")
def demo_options() -> dict[str, Any]:
    """Settings the demo site is served with, beyond the demo's own; a test module may override it."""
    return {}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory: pytest.TempPathFactory, sqlite_template: Path,
              demo_options: dict[str, Any]) -> Iterator[str]:
    """The demo served by waitress on a free local port, one for a test module: its base URL. Its accounts sign in
    with ``support.demo.PASSWORD``."""
    with demo_env(tmp_path_factory.mktemp("demo"), sqlite_template, **demo_options) as (env, settings):
        with served(create_app({"TESTING": False}, env=env, settings=settings)) as url:
            yield url


@pytest.fixture
def person(browser, live: Live) -> Iterator[Callable[..., Page]]:  # noqa: ANN001 - a Playwright browser
    """``person("rep1")``: a page in a browser context of its own (cookies, language), signed in as rep1.

    Context options (a phone's viewport...) may be passed; every context is closed at the end of the test.
    """
    contexts: list[BrowserContext] = []

    def open_as(username: str, **options: Any) -> Page:
        context = browser.new_context(**{"locale": "zh-CN", "timezone_id": "Asia/Shanghai", **options})
        contexts.append(context)
        page = context.new_page()
        live.sign_in(page, username)
        return page

    yield open_as
    for context in contexts:
        context.close()


@pytest.fixture(scope="session")
def artifacts() -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    return ARTIFACTS
