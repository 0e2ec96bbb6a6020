"""The web app: proposal forms, the inbox, case pages and registers, over ``engine.services``."""

from __future__ import annotations

import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from typing import Any

from apiflask import APIFlask
from flask import Flask, current_app, redirect, request, send_from_directory, url_for
from flask_babel import Babel
from flask_babel import lazy_gettext as _l
from flask_bootstrap import Bootstrap5
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix
from werkzeug.wrappers import Response

from config import Settings, load_settings
from engine import services
from engine.services import Env
from web import api, context, faults, guard, replica
from workflows import register_all
from workflows.demo import demo_accounts

HSTS_SECONDS = 365 * 24 * 3600
csrf = CSRFProtect()
babel = Babel()
login_manager = LoginManager()
bootstrap = Bootstrap5()
LOGIN_MESSAGE = _l("Please sign in to see this page.")  # Flask-Login's words, translated as it flashes them


def _secret_key(settings: Settings) -> str:
    """The key that signs cookies: from config, else generated once into the instance folder."""
    configured = settings.web.secret_key
    if configured:
        return str(configured)
    path = Path(settings.instance_path) / "secret_key"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48), encoding="utf-8")
        path.chmod(0o600)
    return path.read_text(encoding="utf-8").strip()


def create_app(config: Mapping[str, Any] | None = None, *, env: Env | None = None,
               settings: Settings | None = None) -> Flask:
    """Build the app; tests pass their own ``env`` (database, clock) and Flask config."""
    settings = settings or load_settings()
    if env is None:
        env = services.open_env(settings)
        register_all(env.registry, settings)
    # APIFlask is Flask with the JSON API's OpenAPI document; HTML errors stay Flask's own (json_errors=False).
    app = APIFlask(__name__, title="unionflow", version="1", spec_path=api.SPEC_PATH, docs_path=None,
                   json_errors=False, instance_path=str(settings.instance_path))
    _init_config(app, settings, env, config)
    services.keep_secrets_out_of_logs(settings)
    if settings.web.trusted_proxies:
        hops = settings.web.trusted_proxies
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    _init_extensions(app)
    replica.init_app(app, settings.database_read_your_writes_seconds)
    guard.init_app(app)
    faults.init_app(app)
    _init_blueprints(app)
    _init_security_headers(app)
    return app


def _init_config(app: Flask, settings: Settings, env: Env, config: Mapping[str, Any] | None) -> None:
    """Flask's config from the settings, then the caller's ``config`` over it; the engine's env on the app."""
    app.config.update(
        SECRET_KEY=_secret_key(settings),
        # A representative may take an evening over a proposal: the form must still post.
        WTF_CSRF_TIME_LIMIT=int(timedelta(hours=24).total_seconds()),
        BOOTSTRAP_SERVE_LOCAL=True,
        BOOTSTRAP_BOOTSWATCH_THEME=None,
        MAX_CONTENT_LENGTH=(env.max_attachments + 1) * env.max_attachment_bytes,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_SECURE=settings.web.uses_https,
        REMEMBER_COOKIE_HTTPONLY=True,
        REMEMBER_COOKIE_SAMESITE="Lax",
        REMEMBER_COOKIE_SECURE=settings.web.uses_https,
        UNIONFLOW_HSTS=settings.web.uses_https,
        PERMANENT_SESSION_LIFETIME=timedelta(days=14),
        BABEL_DEFAULT_LOCALE="zh_Hans_CN",
        BABEL_DEFAULT_TIMEZONE="Asia/Shanghai",
        BABEL_TRANSLATION_DIRECTORIES=str(Path(__file__).parent / "translations"),
        UNIONFLOW_DEMO=settings.section("demo").enabled,
        UNIONFLOW_EXPORT_BACKGROUND_ROWS=settings.web.export_background_rows,
    )
    if app.config["UNIONFLOW_DEMO"]:
        app.config["UNIONFLOW_DEMO_ACCOUNTS"] = demo_accounts(settings)
    app.config.update(config or {})
    app.extensions["unionflow"] = env
    app.extensions["unionflow.settings"] = settings
    app.json.ensure_ascii = False  # type: ignore[attr-defined]


def _init_extensions(app: Flask) -> None:
    """CSRF, Bootstrap, Babel and the login manager, and the request context that finds the user."""
    csrf.init_app(app)
    bootstrap.init_app(app)
    babel.init_app(app, locale_selector=context.locale, timezone_selector=lambda: "Asia/Shanghai")
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    # Flask-Login's own words, in the reader's language (the msgid is in our catalog).
    login_manager.login_message = LOGIN_MESSAGE
    login_manager.login_message_category = "info"
    login_manager.localize_callback = str
    login_manager.request_loader(context.load_user)
    login_manager.user_loader(lambda _id: None)  # the server-side session is the only way in
    context.init_app(app)


def _init_blueprints(app: Flask) -> None:
    """One blueprint per feature, the JSON API, and the home page."""
    from web import (
        admin,
        agenda,
        auth,
        bargaining,
        cases,
        congress,
        diagrams,
        disclosures,
        exports,
        inbox,
        inspections,
        notifications,
        proposals,
        reports,
        requests,
    )

    for module in (auth, cases, inbox, proposals, congress, bargaining, agenda, requests, disclosures, inspections,
                   admin, notifications, reports, exports, diagrams):
        app.register_blueprint(module.bp)
    api.init_app(app)
    from web import suggestions  # rationalisation suggestions (合理化建议)

    app.register_blueprint(suggestions.bp)
    from web import federation  # the higher union (上级工会)

    app.register_blueprint(federation.bp)
    from web import elections  # committee elections (工会换届选举)

    app.register_blueprint(elections.bp)
    from web import join, members  # member registers (会员) and the public application and progress pages

    app.register_blueprint(members.bp)
    app.register_blueprint(join.bp)
    from web import returns  # statistical returns (统计报表)

    app.register_blueprint(returns.bp)
    app.add_url_rule("/", endpoint="home", view_func=_home)
    app.add_url_rule("/favicon.ico", endpoint="favicon", view_func=_favicon)


def _home() -> Response:
    """The inbox for a signed-in user, else the sign-in page."""
    if context.load_user(None) is None:
        return redirect(url_for("auth.login"))
    return redirect(url_for("inbox.index"))


def _favicon() -> Response:
    """Browsers ask for /favicon.ico whatever the page says; the union's red badge, cached a day."""
    return send_from_directory(Path(__file__).parent / "static", "favicon.ico", mimetype="image/vnd.microsoft.icon",
                               max_age=86400)


def _init_security_headers(app: Flask) -> None:
    """Headers every response carries unless a view set its own."""
    app.after_request(_security_headers)


# Everything from this site only: no inline script, no inline event handler, no inline style attribute or
# element (the pages' scripts and styles are files under web/static/), never framed, forms post only here.
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
       "connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


def _security_headers(response: Response) -> Response:
    """No sniffing, no framing, no referrer off the site, a strict Content-Security-Policy, no caching of pages
    (static files may be), and over HTTPS a year of Strict-Transport-Security."""
    response.headers.setdefault("Content-Security-Policy", CSP)
    response.headers.setdefault("X-Content-Type-Options", "nosniff")
    if current_app.config.get("UNIONFLOW_HSTS"):
        response.headers.setdefault("Strict-Transport-Security", f"max-age={HSTS_SECONDS}")
    response.headers.setdefault("X-Frame-Options", "DENY")
    response.headers.setdefault("Referrer-Policy", "same-origin")
    if request.endpoint != "static":
        response.headers.setdefault("Cache-Control", "no-store")
    return response
