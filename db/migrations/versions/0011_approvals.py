"""approvals: the shared approval engine's approvals, steps and delegations; pending leave moves onto it

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-06 05:30:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "approvals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("entity_type", sa.String(length=32), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("current_level", sa.Integer(), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("decided_at", db.types.UTCDateTime(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["requester_id"], ["employees.id"], name=op.f("fk_approvals_requester_id_employees"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approvals")),
        sa.UniqueConstraint("entity_type", "entity_id", name="uq_approvals_entity"),
    )
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.create_index("ix_approvals_status", ["status"], unique=False)
    op.create_table(
        "approval_steps",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("approval_id", sa.Integer(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("approver_id", sa.Integer(), nullable=False),
        sa.Column("rule", sa.String(length=32), nullable=False),
        sa.Column("rule_reason", sa.String(length=32), nullable=True),
        sa.Column("rule_params", sa.JSON(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("on_behalf_of_id", sa.Integer(), nullable=True),
        sa.Column("decided_as", sa.String(length=16), nullable=True),
        sa.Column("reason", sa.Text(), nullable=True),
        sa.Column("decided_at", db.types.UTCDateTime(), nullable=True),
        sa.Column("pending_since", db.types.UTCDateTime(), nullable=True),
        sa.Column("last_reminded_at", db.types.UTCDateTime(), nullable=True),
        sa.Column("escalated_at", db.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["approval_id"], ["approvals.id"], name=op.f("fk_approval_steps_approval_id_approvals"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["approver_id"], ["employees.id"], name=op.f("fk_approval_steps_approver_id_employees"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["employees.id"],
            name=op.f("fk_approval_steps_decided_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["on_behalf_of_id"],
            ["employees.id"],
            name=op.f("fk_approval_steps_on_behalf_of_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_steps")),
    )
    with op.batch_alter_table("approval_steps", schema=None) as batch_op:
        batch_op.create_index("ix_approval_steps_approval", ["approval_id", "level"], unique=False)
        batch_op.create_index("ix_approval_steps_approver_status", ["approver_id", "status"], unique=False)
    op.create_table(
        "approval_delegations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delegator_id", sa.Integer(), nullable=False),
        sa.Column("delegate_id", sa.Integer(), nullable=False),
        sa.Column("start_date", sa.Date(), nullable=False),
        sa.Column("end_date", sa.Date(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(), nullable=False),
        sa.Column("revoked_at", db.types.UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(
            ["delegator_id"],
            ["employees.id"],
            name=op.f("fk_approval_delegations_delegator_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["delegate_id"],
            ["employees.id"],
            name=op.f("fk_approval_delegations_delegate_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"],
            ["employees.id"],
            name=op.f("fk_approval_delegations_created_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_approval_delegations")),
    )
    with op.batch_alter_table("approval_delegations", schema=None) as batch_op:
        batch_op.create_index(
            "ix_approval_delegations_delegator", ["delegator_id", "start_date", "end_date"], unique=False
        )
    _move_pending_leave()


def _move_pending_leave() -> None:
    """Every leave request still pending gets its approval with one pending step for its approver (nothing lost)."""
    bind = op.get_bind()
    leave = sa.table(
        "leave_requests",
        sa.column("id", sa.Integer),
        sa.column("employee_id", sa.Integer),
        sa.column("approver_id", sa.Integer),
        sa.column("approver_reason", sa.String),
        sa.column("approver_reason_params", sa.JSON),
        sa.column("status", sa.String),
        sa.column("created_at", db.types.UTCDateTime()),
        sa.column("last_reminded_at", db.types.UTCDateTime()),
        sa.column("escalated_at", db.types.UTCDateTime()),
    )
    rows = bind.execute(
        sa.select(leave).where(leave.c.status == "pending", leave.c.approver_id.is_not(None)).order_by(leave.c.id)
    ).fetchall()
    approvals = sa.table(
        "approvals",
        sa.column("entity_type", sa.String),
        sa.column("entity_id", sa.Integer),
        sa.column("requester_id", sa.Integer),
        sa.column("status", sa.String),
        sa.column("current_level", sa.Integer),
        sa.column("created_at", db.types.UTCDateTime()),
        sa.column("version", sa.Integer),
    )
    steps = sa.table(
        "approval_steps",
        sa.column("approval_id", sa.Integer),
        sa.column("level", sa.Integer),
        sa.column("approver_id", sa.Integer),
        sa.column("rule", sa.String),
        sa.column("rule_reason", sa.String),
        sa.column("rule_params", sa.JSON),
        sa.column("status", sa.String),
        sa.column("pending_since", db.types.UTCDateTime()),
        sa.column("last_reminded_at", db.types.UTCDateTime()),
        sa.column("escalated_at", db.types.UTCDateTime()),
    )
    for row in rows:
        bind.execute(
            approvals.insert().values(
                entity_type="leave", entity_id=row.id, requester_id=row.employee_id, status="pending",
                current_level=1, created_at=row.created_at, version=1,
            )
        )  # fmt: skip
        approval_id = bind.execute(
            sa.text("SELECT id FROM approvals WHERE entity_type = 'leave' AND entity_id = :id"), {"id": row.id}
        ).scalar_one()
        params = row.approver_reason_params
        bind.execute(
            steps.insert().values(
                approval_id=approval_id, level=1, approver_id=row.approver_id, rule="manager",
                rule_reason=row.approver_reason, rule_params=params if isinstance(params, dict) else None,
                status="pending", pending_since=row.created_at,
                last_reminded_at=row.last_reminded_at, escalated_at=row.escalated_at,
            )
        )  # fmt: skip


def downgrade() -> None:
    with op.batch_alter_table("approval_delegations", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_delegations_delegator")
    op.drop_table("approval_delegations")
    with op.batch_alter_table("approval_steps", schema=None) as batch_op:
        batch_op.drop_index("ix_approval_steps_approver_status")
        batch_op.drop_index("ix_approval_steps_approval")
    op.drop_table("approval_steps")
    with op.batch_alter_table("approvals", schema=None) as batch_op:
        batch_op.drop_index("ix_approvals_status")
    op.drop_table("approvals")
