"""Administration for the union office: users and roles, departments, congress sessions."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("admin", __name__)
