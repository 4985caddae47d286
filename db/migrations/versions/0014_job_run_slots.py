"""job run slots: each scheduled run claims (job, slot) so two leaders cannot both run it

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-06 06:20:00.000000
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.add_column(sa.Column("slot", db.types.UTCDateTime(timezone=True), nullable=True))
        batch_op.create_unique_constraint("uq_job_runs_job_slot", ["job", "slot"])


def downgrade() -> None:
    with op.batch_alter_table("job_runs", schema=None) as batch_op:
        batch_op.drop_constraint("uq_job_runs_job_slot", type_="unique")
        batch_op.drop_column("slot")
