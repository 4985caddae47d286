"""growth indexes: a manager's reports, and the newest audited change of a kind (the item catalog's version)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-06 09:00:00.000000
"""

from __future__ import annotations

from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # "Who else reports to my manager" (who is off, an approval card's teammates) scanned every employee.
    op.create_index("ix_employees_manager_id", "employees", ["manager_id"], unique=False)
    # max(id) of one entity type's audit rows (stock's catalog version) read the whole log backwards.
    op.create_index("ix_audit_log_entity_type_id", "audit_log", ["entity_type", "id"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_audit_log_entity_type_id", table_name="audit_log")
    op.drop_index("ix_employees_manager_id", table_name="employees")
