"""default leave types: a fresh install can take leave requests before anyone imports leave-types

The six types every new company starts with (skills/leave/README.md explains each rule). Written here as data,
once, into an empty table: ``backoffice import leave-types FILE.csv`` replaces them, and an install that imported its
own list before this release keeps exactly that list (a type left out of it stays out).

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-06 12:00:00
"""

from __future__ import annotations

from decimal import Decimal

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

COLUMNS = (
    "code", "name_en", "name_es", "allowance_days", "accrual", "carry_over_cap", "requires_approval",
    "min_notice_days", "half_days_allowed", "backdate_days",
)  # fmt: skip
DEFAULTS = (
    ("vacation", "Vacation", "Vacaciones", Decimal(22), "upfront", Decimal(5), True, 7, True, 0),
    ("sick", "Sick leave", "Baja por enfermedad", None, "upfront", Decimal(0), False, 0, True, 3),
    ("personal", "Personal day", "Asuntos propios", Decimal(3), "upfront", Decimal(0), True, 1, True, 0),
    ("unpaid", "Unpaid leave", "Permiso sin sueldo", None, "upfront", Decimal(0), True, 14, False, 0),
    ("parental", "Parental leave", "Permiso por nacimiento", None, "upfront", Decimal(0), True, 15, False, 0),
    ("bereavement", "Bereavement leave", "Permiso por fallecimiento", Decimal(5), "upfront", Decimal(0), True, 0, False, 3),
)  # fmt: skip

leave_types = sa.table(
    "leave_types",
    sa.column("code", sa.String),
    sa.column("name_en", sa.String),
    sa.column("name_es", sa.String),
    sa.column("allowance_days", sa.Numeric(5, 1)),
    sa.column("accrual", sa.String),
    sa.column("carry_over_cap", sa.Numeric(5, 1)),
    sa.column("requires_approval", sa.Boolean),
    sa.column("min_notice_days", sa.Integer),
    sa.column("half_days_allowed", sa.Boolean),
    sa.column("backdate_days", sa.Integer),
    sa.column("active", sa.Boolean),
)


def upgrade() -> None:
    if op.get_bind().execute(sa.select(leave_types.c.code).limit(1)).first() is not None:
        return  # the company imported its own list before defaults existed: that list is the whole list
    op.bulk_insert(leave_types, [dict(zip(COLUMNS, values, strict=True)) | {"active": True} for values in DEFAULTS])


def downgrade() -> None:
    pass  # the types may be in use by requests by then; a downgrade keeps them
