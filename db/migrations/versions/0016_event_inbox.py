"""event inbox: a Slack event is recorded with its body before it is acknowledged, and marked when handled

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-06 09:10:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("processed_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("state", sa.String(length=16), nullable=False, server_default="handled"))
        batch_op.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch_op.add_column(sa.Column("due_at", db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column("body", sa.Text(), nullable=True))
        batch_op.create_index("ix_processed_events_state_due_at", ["state", "due_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("processed_events", schema=None) as batch_op:
        batch_op.drop_index("ix_processed_events_state_due_at")
        batch_op.drop_column("body")
        batch_op.drop_column("due_at")
        batch_op.drop_column("attempts")
        batch_op.drop_column("state")
