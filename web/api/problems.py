"""Errors of the JSON API as ``application/problem+json`` (RFC 9457), in the caller's language."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from flask import current_app, g, request
from werkzeug.exceptions import HTTPException
from werkzeug.http import HTTP_STATUS_CODES
from werkzeug.wrappers import Response

from engine import services
from engine.core.i18n import Label
from workflows.congress import services as congress

MEDIA_TYPE = "application/problem+json"
PREFIX = "/api/"
DOCS = "/api/v1/docs"

# The problem types this API answers with, each described on the docs page under #problem-<name>.
TYPES: dict[str, tuple[Label, Label]] = {
    "unauthorized": (Label("需要身份验证", "Authentication required"),
                     Label("请求未带有效的访问令牌，也没有已登录的会话。",
                           "The request carries no valid token and comes from no signed-in session.")),
    "throttled": (Label("尝试次数过多", "Too many attempts"),
                  Label("该地址近期无效令牌过多（有效令牌不受影响）；请按 Retry-After 头所示的秒数后再试。",
                        "Too many invalid tokens from this address lately (valid tokens still work): wait the "
                        "seconds Retry-After says.")),
    "forbidden": (Label("没有权限", "Forbidden"),
                  Label("您没有执行此操作所需的角色。", "You hold none of the roles this needs.")),
    "not-found": (Label("不存在", "Not found"),
                  Label("所指的事项、会议、表决事项或其他对象不存在。",
                        "The case, session, item or other thing named does not exist.")),
    "validation": (Label("填写有误", "Invalid input"),
                   Label("请求内容有误；errors 按字段列出每个问题。",
                         "The request has errors; errors lists them by field.")),
    "transition-not-allowed": (Label("当前环节不能执行此操作", "Action not possible now"),
                               Label("该操作不存在或在事项当前环节不能执行。",
                                     "The action does not exist or cannot be taken at the case's current step.")),
    "refused": (Label("规则不允许", "Refused by the rules"),
                Label("请求格式正确，但现在的规则不允许（如未达法定人数、已投过票）；code 说明原因。",
                      "The request is well formed but the rules forbid it now (no quorum, voted already, …); "
                      "code says which rule.")),
    "stale": (Label("事项已被修改", "Case changed"),
              Label("If-Match 中的版本不是事项的当前版本：请重新读取事项后再试。",
                    "If-Match names a version that is no longer current: read the case again and retry.")),
    "if-match-required": (Label("缺少 If-Match", "If-Match required"),
                          Label("修改事项须在 If-Match 头中带上读取事项时得到的 ETag。",
                                "A change to a case needs the ETag read with it in an If-Match header.")),
}

# marshmallow's and webargs' messages, in Chinese; any other stays in English.
_MESSAGES: list[tuple[re.Pattern[str], Label]] = [(re.compile(p), m) for p, m in (
    (r"^Unknown field\.$", Label("不接受该字段。", "Unknown field.")),
    (r"^Missing data for required field\.$", Label("此项为必填项。", "This field is required.")),
    (r"^Field may not be null\.$", Label("此项不能为空值。", "This field may not be null.")),
    (r"^Not a valid integer\.$", Label("请输入整数。", "Enter a whole number.")),
    (r"^Not a valid string\.$", Label("请输入文字。", "Enter text.")),
    (r"^Not a valid boolean\.$", Label("请填写 true 或 false。", "Enter true or false.")),
    (r"^Not a valid list\.$", Label("应为列表。", "Enter a list.")),
    (r"^Not a valid mapping type\.$", Label("应为对象。", "Enter an object.")),
    (r"^Not a valid datetime\.$", Label("请输入日期时间（ISO 8601）。", "Enter a date and time (ISO 8601).")),
    (r"^Not a valid date\.$", Label("请输入日期，格式为 YYYY-MM-DD。", "Enter a date as YYYY-MM-DD.")),
    (r"^Invalid input type\.$", Label("请求内容应为 JSON 对象。", "The body must be a JSON object.")),
    (r"^Invalid JSON body\.$", Label("请求内容不是有效的 JSON。", "The body is not valid JSON.")),
    (r"^Not a valid file\.$", Label("请上传文件。", "Send a file.")),
    (r"^Longer than maximum length (\d+)\.$", Label("不能超过 {0} 个字符。", "At most {0} characters.")),
    (r"^Shorter than minimum length (\d+)\.$", Label("至少 {0} 个字符。", "At least {0} characters.")),
    (r"^Length must be between (\d+) and (\d+)\.$", Label("长度应在 {0} 到 {1} 之间。", "Between {0} and {1} long.")),
    (r"^Must be greater than or equal to (-?\d+)\.$", Label("不能小于 {0}。", "Must be at least {0}.")),
    (r"^Must be less than or equal to (-?\d+)\.$", Label("不能大于 {0}。", "Must be at most {0}.")),
    (r"^Must be one of: (.*)\.$", Label("应为以下之一：{0}。", "Must be one of: {0}.")),
)]


class Problem(Exception):
    """Ends an API request with a problem response."""

    def __init__(self, status: int, kind: str | None = None, *, detail: str | None = None,
                 errors: Mapping[str, list[str]] | None = None, headers: Mapping[str, str] | None = None,
                 **extra: Any) -> None:
        super().__init__(kind or status)
        self.status, self.kind, self.detail, self.errors = status, kind, detail, errors
        self.headers = dict(headers or {})
        self.extra = extra


def lang() -> str:
    """``zh`` or ``en``: what Accept-Language asks for when it names either, else the caller's own setting,
    else Chinese."""
    if request.headers.get("Accept-Language"):
        best = request.accept_languages.best_match(["zh", "en"])
        if best:
            return best
    user = g.get("user")
    return user.view.language if user is not None else "zh"


def text(value: Any) -> str:
    return value(lang()) if isinstance(value, Label) else ("" if value is None else str(value))


def message(raw: str) -> str:
    """A validation message of marshmallow or webargs in the caller's language."""
    for pattern, label in _MESSAGES:
        found = pattern.match(raw)
        if found:
            return label(lang()).format(*found.groups())
    return raw


def response(status: int, kind: str | None = None, *, detail: str | None = None,
             errors: Mapping[str, list[str]] | None = None, headers: Mapping[str, str] | None = None,
             **extra: Any) -> Response:
    """A problem document; ``kind`` names one of ``TYPES`` (else the type is about:blank with the status)."""
    if kind in TYPES:
        title, _why = TYPES[kind]
        body: dict[str, Any] = {"type": f"{DOCS}#problem-{kind}", "title": title(lang())}
    else:
        body = {"type": "about:blank", "title": HTTP_STATUS_CODES.get(status, "Error")}
    body["status"] = status
    if detail:
        body["detail"] = detail
    if errors is not None:
        body["errors"] = {name: list(messages) for name, messages in errors.items()}
    body.update(extra)
    answer = current_app.response_class(json.dumps(body, ensure_ascii=False), status=status, mimetype=MEDIA_TYPE)
    answer.headers["Content-Language"] = "en" if lang() == "en" else "zh-CN"
    for name, value in (headers or {}).items():
        answer.headers[name] = value
    return answer


def of_problem(err: Problem) -> Response:
    return response(err.status, err.kind, detail=err.detail, errors=err.errors, headers=err.headers, **err.extra)


def field_errors(err: services.ValidationFailed, prefix: str = "", keep: tuple[str, ...] = ()) -> dict[str, list[str]]:
    """The engine's field errors by name in the request body: form fields under ``prefix`` (``form.``), the
    names in ``keep`` and ``__all__`` as they are."""
    return {(name if not prefix or name in keep or name == "__all__" else prefix + name): [text(m) for m in msgs]
            for name, msgs in err.errors.items()}


def of_engine(err: services.EngineError, *, prefix: str = "", keep: tuple[str, ...] = ()) -> Response:
    """An engine error as the problem it is."""
    detail = text(err.label)
    if isinstance(err, services.ValidationFailed):
        extra: dict[str, Any] = {}
        if isinstance(err, congress.RosterRejected):
            extra["rows"] = [{"row": r.row, "column": r.column, "message": text(r.message)} for r in err.rows]
        return response(422, "validation", detail=detail, errors=field_errors(err, prefix, keep), **extra)
    if isinstance(err, services.PermissionDenied):
        return response(403, "forbidden", detail=detail)
    if isinstance(err, services.NotFound):
        return response(404, "not-found", detail=detail)
    if isinstance(err, services.TransitionNotAllowed):
        return response(409, "transition-not-allowed", detail=detail, allowed=list(err.allowed))
    if isinstance(err, services.Conflict):
        return response(412, "stale", detail=detail)
    if isinstance(err, services.Refused):
        return response(409, "refused", detail=detail, code=err.code)
    return response(409, "refused", detail=detail, code="refused")


def _flatten(found: Any, path: str, out: dict[str, list[str]]) -> None:
    if isinstance(found, Mapping):
        for key, value in found.items():
            # "_schema" holds the errors of the object itself rather than of one of its fields
            child = path if key == "_schema" else (f"{path}.{key}" if path else str(key))
            _flatten(value, child, out)
    elif isinstance(found, list | tuple):
        for item in found:
            _flatten(item, path, out)
    else:
        out.setdefault(path or "__all__", []).append(message(str(found)))


def of_validation(detail: Mapping[str, Any]) -> Response:
    """webargs' errors (``{location: {field: [messages]}}``) as field → messages, nested names joined by dots."""
    errors: dict[str, list[str]] = {}
    for found in detail.values():
        _flatten(found, "", errors)
    summary = "; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in errors.items())
    return response(422, "validation", detail=summary, errors=errors)


def of_http(err: HTTPException) -> Response:
    """Any other HTTP error under /api/ (an unknown path, a method not allowed, a body too large)."""
    headers = {k: v for k, v in err.get_headers() if k.lower() not in ("content-type", "content-length")}
    status = err.code or 500
    kind = {401: "unauthorized", 403: "forbidden", 404: "not-found"}.get(status)
    # Our own words for the kinds we describe; werkzeug's (English) description for the rest.
    detail = TYPES[kind][1](lang()) if kind else err.description
    return response(status, kind, detail=detail, headers=headers)


def on_api() -> bool:
    return request.path.startswith(PREFIX)
