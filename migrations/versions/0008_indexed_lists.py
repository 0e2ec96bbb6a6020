"""The lists read through indexes: open tasks by principal in the inbox's order, cases in the lists' orders, and
three key columns holding the case data values a workflow filters its lists on (filled here for the cases
already there, from the keys the workflows named when this revision was written).

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-06 11:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Each workflow's indexed data keys at this revision, in column order (key1, key2, key3).
INDEXED = {"proposal": ("session_id", "category", "lead_department")}
TASK_ORDER = ["due_at", "created_at", "id", "state"]
LISTED = ["state", "key1", "key2", "key3", "title"]


def _fill() -> None:
    """Copy each indexed key's value (a number or a text; lists and documents are not indexed) into its column."""
    sqlite = op.get_bind().dialect.name == "sqlite"
    for workflow, keys in INDEXED.items():
        sets = []
        for n, key in enumerate(keys, start=1):
            if sqlite:
                path = f"'$.{key}'"
                value = (f"CASE WHEN json_type(data, {path}) IN ('integer', 'text') "
                         f"THEN CAST(json_extract(data, {path}) AS TEXT) END")
            else:
                value = f"CASE WHEN jsonb_typeof(data -> '{key}') IN ('number', 'string') THEN data ->> '{key}' END"
            sets.append(f"key{n} = {value}")
        op.execute(sa.text(f"UPDATE cases SET {', '.join(sets)} WHERE workflow = :workflow")
                   .bindparams(workflow=workflow))


def upgrade() -> None:
    with op.batch_alter_table("cases", schema=None) as batch_op:
        for n in (1, 2, 3):
            batch_op.add_column(sa.Column(f"key{n}", sa.String(length=200), nullable=True))
        batch_op.create_index("ix_cases_changed", ["workflow", "updated_at", "id"], unique=False)
        batch_op.create_index("ix_cases_list_changed", ["workflow", "organisation_id", "updated_at", "id", *LISTED],
                              unique=False)
        batch_op.create_index("ix_cases_list_waiting", ["workflow", "organisation_id", "state_since", "id", *LISTED],
                              unique=False)
    _fill()
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_open_role")
        batch_op.drop_index("ix_tasks_open_user")
        batch_op.create_index("ix_tasks_open_role", ["status", "role", "organisation_id", *TASK_ORDER], unique=False)
        batch_op.create_index("ix_tasks_open_user", ["status", "user_id", *TASK_ORDER], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("tasks", schema=None) as batch_op:
        batch_op.drop_index("ix_tasks_open_user")
        batch_op.drop_index("ix_tasks_open_role")
        batch_op.create_index("ix_tasks_open_user", ["status", "user_id"], unique=False)
        batch_op.create_index("ix_tasks_open_role", ["status", "role", "organisation_id"], unique=False)
    with op.batch_alter_table("cases", schema=None) as batch_op:
        batch_op.drop_index("ix_cases_list_waiting")
        batch_op.drop_index("ix_cases_list_changed")
        batch_op.drop_index("ix_cases_changed")
        for n in (3, 2, 1):
            batch_op.drop_column(f"key{n}")
