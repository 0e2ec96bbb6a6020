"""The OpenAPI document's finishing touches (problems, security, If-Match) and the docs page that reads it,
served from here with no script or font from elsewhere."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from flask import Blueprint, current_app, render_template
from markupsafe import Markup, escape

from web.api import problems
from web.api.common import DESCRIPTIONS, PREFIX
from web.context import text

docs_bp = Blueprint("api_docs", __name__)
METHODS = ("get", "post", "put", "patch", "delete")
IF_MATCH_OPERATIONS = {"act"}

DESCRIPTION = """\
The JSON API of unionflow: every action of the web pages, with the same permission checks.

* **Authentication**: a personal token (made on your profile page, shown once) as `Authorization: Bearer <token>`;
  a browser's signed-in session works too (its writes send the page's CSRF token as `X-CSRFToken`).
  Repeated failures from one address answer 429 with `Retry-After`.
* **Versions**: each case carries an ETag (`"<case id>-<version>"`); acting on a case needs it in `If-Match`
  (412 when stale, 428 when missing).
* **Errors** are `application/problem+json` (RFC 9457): `type`, `title`, `status`, `detail`, and `errors`
  (field → messages) for invalid input. Request bodies refuse fields they do not declare.
* **Language**: messages in Chinese unless `Accept-Language` (or the caller's setting) asks for English.
"""

PROBLEM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "RFC 9457 problem details.",
    "required": ["type", "title", "status"],
    "properties": {
        "type": {"type": "string", "description": "What kind of problem: a link to its description."},
        "title": {"type": "string"},
        "status": {"type": "integer"},
        "detail": {"type": "string"},
        "errors": {"type": "object", "additionalProperties": {"type": "array", "items": {"type": "string"}},
                   "description": "Field (nested ones joined by dots) → messages."},
        "code": {"type": "string", "description": "Which rule refused the request (with type …#problem-refused)."},
        "allowed": {"type": "array", "items": {"type": "string"},
                    "description": "The actions possible now (with type …#problem-transition-not-allowed)."},
        "current_etag": {"type": "string", "description": "The case's current ETag (with a 412)."},
        "rows": {"type": "array", "description": "A rejected roster file's errors by row and column.",
                 "items": {"type": "object", "required": ["row", "column", "message"],
                           "properties": {"row": {"type": "integer"}, "column": {"type": "string"},
                                          "message": {"type": "string"}}}},
    },
}


def _problem(status: int) -> dict[str, Any]:
    return {"description": DESCRIPTIONS.get(status, "Problem"),
            "content": {problems.MEDIA_TYPE: {"schema": {"$ref": "#/components/schemas/Problem"}}}}


def finish(spec: dict[str, Any]) -> dict[str, Any]:
    """Only the API's paths; the problems every operation may answer with; how to authenticate."""
    spec["paths"] = {path: item for path, item in spec.get("paths", {}).items() if path.startswith(PREFIX + "/")}
    spec.setdefault("info", {})["description"] = DESCRIPTION
    components = spec.setdefault("components", {})
    components.setdefault("schemas", {})["Problem"] = PROBLEM_SCHEMA
    components["securitySchemes"] = {
        "bearerToken": {"type": "http", "scheme": "bearer",
                        "description": "A personal API token, made on the profile page."},
        "session": {"type": "apiKey", "in": "cookie", "name": current_app.config.get("SESSION_COOKIE_NAME", "session"),
                    "description": "The browser's signed-in session."},
    }
    spec["security"] = [{"bearerToken": []}, {"session": []}]
    for item in spec["paths"].values():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            responses = operation.setdefault("responses", {})
            extra = [401, 429]
            if "requestBody" in operation:
                extra += [400, 413, 422]
            if any(p.get("in") == "query" for p in operation.get("parameters", [])):
                extra.append(422)
            for status in extra:
                responses.setdefault(str(status), _problem(status))
            responses.setdefault("default", {"description": "Any other problem.",
                                             "content": _problem(400)["content"]})
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "path" and parameter.get("schema", {}).get("type") == "integer":
                    parameter["schema"] |= {"minimum": 0, "maximum": 2**31 - 1}
            if operation.get("operationId") in IF_MATCH_OPERATIONS:
                operation.setdefault("parameters", []).append({
                    "in": "header", "name": "If-Match", "required": True, "schema": {"type": "string"},
                    "description": "The case's ETag, as read with it."})
    return spec


# -- the page ----------------------------------------------------------------------------------------------------------
def kind(schema: dict[str, Any] | None) -> Markup:
    """A schema's type in a few words, linking to named schemas."""
    if not schema:
        return Markup("any")
    if "$ref" in schema:
        name = schema["$ref"].rsplit("/", 1)[-1]
        return Markup('<a href="#schema-{0}">{0}</a>').format(name)
    for key in ("oneOf", "anyOf"):
        if key in schema:
            return Markup(" | ").join(kind(s) for s in schema[key])
    types = schema.get("type", "any")
    types = types if isinstance(types, list) else [types]
    words = []
    for one in types:
        if one == "array":
            words.append(Markup("array of ") + kind(schema.get("items")))
        elif one == "string" and schema.get("format"):
            words.append(escape(f"string ({schema['format']})"))
        else:
            words.append(escape(one))
    found = Markup(" | ").join(words)
    if schema.get("enum"):
        found += escape(": " + ", ".join(str(v) for v in schema["enum"] if v is not None))
    return found


def constraints(schema: dict[str, Any]) -> str:
    words = []
    for key, word in (("minimum", "≥"), ("maximum", "≤"), ("minLength", "length ≥"), ("maxLength", "length ≤"),
                      ("minItems", "items ≥"), ("maxItems", "items ≤")):
        if key in schema:
            words.append(f"{word} {schema[key]}")
    if "default" in schema:
        words.append(f"default {schema['default']}")
    return ", ".join(words)


def operations(spec: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """The operations grouped by tag, in the document's order."""
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for path, item in spec["paths"].items():
        for method in METHODS:
            operation = item.get(method)
            if operation is None:
                continue
            body = operation.get("requestBody", {}).get("content", {})
            groups[(operation.get("tags") or ["API"])[0]].append({
                "id": operation.get("operationId") or f"{method}-{path}", "method": method.upper(), "path": path,
                "summary": operation.get("summary", ""), "description": operation.get("description", ""),
                "parameters": operation.get("parameters", []),
                "body": [(media, content.get("schema")) for media, content in body.items()],
                "responses": sorted(operation.get("responses", {}).items(), key=lambda r: (r[0] == "default", r[0])),
            })
    order = [tag["name"] for tag in spec.get("tags", [])]
    return sorted(groups.items(), key=lambda g: order.index(g[0]) if g[0] in order else len(order))


@docs_bp.route(PREFIX + "/docs")
def index() -> str:
    """A readable page of the OpenAPI document."""
    spec = current_app.spec  # type: ignore[attr-defined]
    problem_types = [(name, text(title), text(why)) for name, (title, why) in problems.TYPES.items()]
    return render_template("api/docs.html", spec=spec, groups=operations(spec), kind=kind,
                           constraints=constraints, problem_types=problem_types,
                           schemas=sorted(spec.get("components", {}).get("schemas", {}).items()))
