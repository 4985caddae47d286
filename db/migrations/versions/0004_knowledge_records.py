"""knowledge records (the policy index's record manager)

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-25 14:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "knowledge_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("namespace", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("group_id", sa.String(length=1000), nullable=True),
        sa.Column("updated_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_knowledge_records")),
        sa.UniqueConstraint("namespace", "key", name="uq_knowledge_records_namespace_key"),
    )
    with op.batch_alter_table("knowledge_records", schema=None) as batch_op:
        batch_op.create_index("ix_knowledge_records_namespace_group_id", ["namespace", "group_id"], unique=False)
        batch_op.create_index("ix_knowledge_records_namespace_updated_at", ["namespace", "updated_at"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("knowledge_records", schema=None) as batch_op:
        batch_op.drop_index("ix_knowledge_records_namespace_updated_at")
        batch_op.drop_index("ix_knowledge_records_namespace_group_id")
    op.drop_table("knowledge_records")
