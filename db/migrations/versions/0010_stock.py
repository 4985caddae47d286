"""stock: items, levels per location, the append-only movement ledger, item requests and low-stock alerts

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-06 03:45:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "stock_items",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sku", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("name_es", sa.String(length=200), nullable=True),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("unit", sa.String(length=32), nullable=False),
        sa.Column("category", sa.String(length=64), nullable=True),
        sa.Column("serialized", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_items")),
        sa.UniqueConstraint("sku", name=op.f("uq_stock_items_sku")),
    )
    op.create_table(
        "stock_levels",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("on_hand", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.Column("reorder_level", sa.Integer(), nullable=False),
        sa.Column("reorder_qty", sa.Integer(), nullable=False),
        sa.Column("low", sa.Boolean(), nullable=False),
        sa.Column("crossings", sa.Integer(), nullable=False),
        sa.CheckConstraint("on_hand - reserved >= 0", name=op.f("ck_stock_levels_available_not_negative")),
        sa.CheckConstraint("reserved >= 0", name=op.f("ck_stock_levels_reserved_not_negative")),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_items.id"], name=op.f("fk_stock_levels_item_id_stock_items"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_levels_location_id_locations"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_levels")),
        sa.UniqueConstraint("item_id", "location_id", name="uq_stock_levels_item_location"),
    )
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_levels_item_id"), ["item_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_levels_location_id"), ["location_id"], unique=False)

    op.create_table(
        "stock_requests",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("reserved", sa.Integer(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("thread_key", sa.String(length=128), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("decline_reason", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["decided_by_id"],
            ["employees.id"],
            name=op.f("fk_stock_requests_decided_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_stock_requests_employee_id_employees"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_items.id"], name=op.f("fk_stock_requests_item_id_stock_items"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["location_id"], ["locations.id"], name=op.f("fk_stock_requests_location_id_locations"), ondelete="RESTRICT"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_requests")),
    )
    with op.batch_alter_table("stock_requests", schema=None) as batch_op:
        batch_op.create_index("ix_stock_requests_status", ["status"], unique=False)

    op.create_table(
        "stock_alerts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("level_id", sa.Integer(), nullable=False),
        sa.Column("crossing", sa.Integer(), nullable=False),
        sa.Column("channel", sa.String(length=80), nullable=True),
        sa.Column("opened_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("resolved_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("claimed_by_id", sa.Integer(), nullable=True),
        sa.Column("claimed_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("snoozed_until", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["claimed_by_id"],
            ["employees.id"],
            name=op.f("fk_stock_alerts_claimed_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["level_id"], ["stock_levels.id"], name=op.f("fk_stock_alerts_level_id_stock_levels"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_alerts")),
        sa.UniqueConstraint("level_id", "crossing", name="uq_stock_alerts_level_crossing"),
    )
    with op.batch_alter_table("stock_alerts", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_alerts_level_id"), ["level_id"], unique=False)

    op.create_table(
        "stock_movements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("item_id", sa.Integer(), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("quantity", sa.Integer(), nullable=False),
        sa.Column("balance_after", sa.Integer(), nullable=False),
        sa.Column("batch", sa.String(length=32), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("reference", sa.String(length=200), nullable=False),
        sa.Column("reverses_id", sa.Integer(), nullable=True),
        sa.Column("request_id", sa.Integer(), nullable=True),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"], ["employees.id"], name=op.f("fk_stock_movements_actor_id_employees"), ondelete="SET NULL"
        ),
        sa.ForeignKeyConstraint(
            ["item_id"], ["stock_items.id"], name=op.f("fk_stock_movements_item_id_stock_items"), ondelete="RESTRICT"
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_stock_movements_location_id_locations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["request_id"],
            ["stock_requests.id"],
            name=op.f("fk_stock_movements_request_id_stock_requests"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["reverses_id"],
            ["stock_movements.id"],
            name=op.f("fk_stock_movements_reverses_id_stock_movements"),
            ondelete="RESTRICT",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_stock_movements")),
        sa.UniqueConstraint("reverses_id", name="uq_stock_movements_reverses_id"),
    )
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_stock_movements_batch"), ["batch"], unique=False)
        batch_op.create_index(batch_op.f("ix_stock_movements_created_at"), ["created_at"], unique=False)
        batch_op.create_index("ix_stock_movements_item_location", ["item_id", "location_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("stock_movements", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_movements_item_location")
        batch_op.drop_index(batch_op.f("ix_stock_movements_created_at"))
        batch_op.drop_index(batch_op.f("ix_stock_movements_batch"))

    op.drop_table("stock_movements")
    with op.batch_alter_table("stock_alerts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_alerts_level_id"))

    op.drop_table("stock_alerts")
    with op.batch_alter_table("stock_requests", schema=None) as batch_op:
        batch_op.drop_index("ix_stock_requests_status")

    op.drop_table("stock_requests")
    with op.batch_alter_table("stock_levels", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_stock_levels_location_id"))
        batch_op.drop_index(batch_op.f("ix_stock_levels_item_id"))

    op.drop_table("stock_levels")
    op.drop_table("stock_items")
