"""How a workflow runs: the diagram of each version, its steps and its versions, for anyone signed in."""

from __future__ import annotations

from flask import Blueprint, Response, abort, render_template
from flask_login import login_required
from markupsafe import Markup

from engine import services
from web.context import env, lang

bp = Blueprint("diagrams", __name__)


@bp.route("/workflows/<name>")
@bp.route("/workflows/<name>/<int:version>")
@login_required
def show(name: str, version: int | None = None) -> str:
    try:
        versions = services.workflow_versions(env(), name)
        info = services.describe(env(), name, version)
    except services.NotFound:
        abort(404)
    try:
        # dot escapes every text it writes into the SVG, and the labels reach it as plain text (see
        # engine.output.diagrams.plain), so the drawing can go into the page as it is.
        svg: Markup | None = Markup(services.workflow_diagram(env(), name, info.version, lang()))
        unavailable = None
    except services.DiagramUnavailable as err:
        svg, unavailable = None, err.label(lang())
    return render_template("diagrams/workflow.html", info=info, versions=versions, svg=svg,
                           unavailable=unavailable)


@bp.route("/workflows/<name>/<int:version>/<any(zh, en):language>.svg")
@login_required
def image(name: str, version: int, language: str) -> Response:
    """The drawing alone, for a phone to zoom into: the page scales it to the screen's width."""
    try:
        svg = services.workflow_diagram(env(), name, version, language)
    except services.NotFound:
        abort(404)
    except services.DiagramUnavailable:
        abort(503)
    return Response(svg, mimetype="image/svg+xml")
