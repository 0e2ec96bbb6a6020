"""Proposal pages: new proposal, my proposals, co-sign invitations, the public and committee registers."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("proposals", __name__)
