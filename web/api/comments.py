"""A case's discussion thread on the API: its comments, and posting one (plain text, by those who read the case)."""

from __future__ import annotations

from typing import Any

from apiflask import Schema
from apiflask.fields import DateTime, Integer, List, Nested, String

from engine import services
from web.api.cases import bp
from web.api.common import actor, problem_responses
from web.context import env


class CommentText(Schema):
    text = String(required=True, metadata={"description": f"Plain text, at most {services.COMMENT_MAX} characters "
                                                          "(no markup: shown as written)."})


class CommentOut(Schema):
    seq = Integer(required=True, metadata={"description": "The comment's place in the case's history."})
    author_id = Integer(allow_none=True, required=True)
    author = String(allow_none=True, required=True)
    text = String(required=True)
    created_at = DateTime(required=True)


class CommentList(Schema):
    items = List(Nested(CommentOut), required=True)


def comment_out(c: services.CommentView) -> dict[str, Any]:
    return {"seq": c.seq, "author_id": c.author_id, "author": c.author, "text": c.text, "created_at": c.created_at}


@bp.post("/cases/<int:case_id>/comments")
@bp.input(CommentText, arg_name="body")
@bp.output(CommentOut, status_code=201)
@bp.doc(operation_id="postComment", responses=problem_responses(400, 404, 422))
def post_comment(case_id: int, body: dict[str, Any]) -> dict[str, Any]:
    """Comment on a case one may read

    The comment joins the case's history chain and its participants are notified. It moves the case's ETag, but
    an action sent with the ETag from before it is still taken (nothing but comments came since).
    """
    return comment_out(services.post_comment(env(), actor(), case_id, body["text"]))


@bp.get("/cases/<int:case_id>/comments")
@bp.output(CommentList)
@bp.doc(operation_id="listComments", responses=problem_responses(404))
def list_comments(case_id: int) -> dict[str, Any]:
    """A case's comments, oldest first"""
    return {"items": [comment_out(c) for c in services.list_comments(env(), actor(), case_id)]}
