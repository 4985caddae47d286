"""maintenance: teams, assets, tickets and their events, SLA targets per priority (with defaults), preventive plans
and meter readings

Revision ID: 0012
Revises: 0010
Create Date: 2026-12-06 05:26:46
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "maintenance_sla_targets",
        sa.Column("priority", sa.String(length=4), nullable=False),
        sa.Column("response_hours", sa.Integer(), nullable=False),
        sa.Column("resolution_hours", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("priority", name=op.f("pk_maintenance_sla_targets")),
    )
    op.create_table(
        "maintenance_teams",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("channel", sa.String(length=80), nullable=True),
        sa.Column("lead_id", sa.Integer(), nullable=True),
        sa.Column("member_ids", sa.JSON(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["lead_id"], ["employees.id"], name=op.f("fk_maintenance_teams_lead_id_employees"), ondelete="SET NULL"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_teams")),
        sa.UniqueConstraint("code", name=op.f("uq_maintenance_teams_code")),
    )
    op.create_table(
        "maintenance_assets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("aliases", sa.JSON(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("meter_unit", sa.String(length=16), nullable=True),
        sa.Column("meter_value", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_maintenance_assets_location_id_locations"),
            ondelete="RESTRICT",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["maintenance_teams.id"],
            name=op.f("fk_maintenance_assets_team_id_maintenance_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_assets")),
        sa.UniqueConstraint("tag", name=op.f("uq_maintenance_assets_tag")),
    )
    with op.batch_alter_table("maintenance_assets", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maintenance_assets_location_id"), ["location_id"], unique=False)

    op.create_table(
        "maintenance_meter_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("value", sa.Numeric(precision=14, scale=2), nullable=False),
        sa.Column("read_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["employees.id"],
            name=op.f("fk_maintenance_meter_readings_actor_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["maintenance_assets.id"],
            name=op.f("fk_maintenance_meter_readings_asset_id_maintenance_assets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_meter_readings")),
    )
    with op.batch_alter_table("maintenance_meter_readings", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maintenance_meter_readings_asset_id"), ["asset_id"], unique=False)

    op.create_table(
        "maintenance_plans",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=False),
        sa.Column("task", sa.String(length=300), nullable=False),
        sa.Column("checklist", sa.JSON(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(length=16), nullable=False),
        sa.Column("lead_days", sa.Integer(), nullable=False),
        sa.Column("next_due", sa.Date(), nullable=True),
        sa.Column("next_meter", sa.Numeric(precision=14, scale=2), nullable=True),
        sa.Column("open_ticket_id", sa.Integer(), nullable=True),
        sa.Column("occurrences", sa.Integer(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["maintenance_assets.id"],
            name=op.f("fk_maintenance_plans_asset_id_maintenance_assets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_plans")),
        sa.UniqueConstraint("code", name=op.f("uq_maintenance_plans_code")),
    )
    with op.batch_alter_table("maintenance_plans", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maintenance_plans_asset_id"), ["asset_id"], unique=False)

    op.create_table(
        "maintenance_tickets",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("requester_id", sa.Integer(), nullable=True),
        sa.Column("summary", sa.String(length=300), nullable=False),
        sa.Column("original_text", sa.Text(), nullable=False),
        sa.Column("category", sa.String(length=32), nullable=False),
        sa.Column("asset_id", sa.Integer(), nullable=True),
        sa.Column("location_id", sa.Integer(), nullable=True),
        sa.Column("priority", sa.String(length=4), nullable=False),
        sa.Column("team_id", sa.Integer(), nullable=True),
        sa.Column("assignee_id", sa.Integer(), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("thread_key", sa.String(length=128), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("responded_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolved_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("closed_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolution", sa.Text(), nullable=True),
        sa.Column("response_due", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("resolution_due", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("remind_half_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("remind_late_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("reminded", sa.Integer(), nullable=False),
        sa.Column("paused_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("feedback", sa.String(length=8), nullable=True),
        sa.Column("followers", sa.JSON(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=True),
        sa.Column("occurrence", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["asset_id"],
            ["maintenance_assets.id"],
            name=op.f("fk_maintenance_tickets_asset_id_maintenance_assets"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["assignee_id"],
            ["employees.id"],
            name=op.f("fk_maintenance_tickets_assignee_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["location_id"],
            ["locations.id"],
            name=op.f("fk_maintenance_tickets_location_id_locations"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["plan_id"],
            ["maintenance_plans.id"],
            name=op.f("fk_maintenance_tickets_plan_id_maintenance_plans"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["requester_id"],
            ["employees.id"],
            name=op.f("fk_maintenance_tickets_requester_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["team_id"],
            ["maintenance_teams.id"],
            name=op.f("fk_maintenance_tickets_team_id_maintenance_teams"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_tickets")),
        sa.UniqueConstraint("plan_id", "occurrence", name="uq_maintenance_tickets_plan_occurrence"),
    )
    with op.batch_alter_table("maintenance_tickets", schema=None) as batch_op:
        batch_op.create_index("ix_maintenance_tickets_status", ["status"], unique=False)

    op.create_table(
        "maintenance_ticket_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("ticket_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("status_from", sa.String(length=16), nullable=True),
        sa.Column("status_to", sa.String(length=16), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("actor_label", sa.String(length=254), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["employees.id"],
            name=op.f("fk_maintenance_ticket_events_actor_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["ticket_id"],
            ["maintenance_tickets.id"],
            name=op.f("fk_maintenance_ticket_events_ticket_id_maintenance_tickets"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_maintenance_ticket_events")),
    )
    with op.batch_alter_table("maintenance_ticket_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_maintenance_ticket_events_ticket_id"), ["ticket_id"], unique=False)

    targets = sa.table(
        "maintenance_sla_targets",
        sa.column("priority", sa.String),
        sa.column("response_hours", sa.Integer),
        sa.column("resolution_hours", sa.Integer),
    )
    op.bulk_insert(targets, DEFAULT_TARGETS)


DEFAULT_TARGETS = [
    {"priority": "P1", "response_hours": 1, "resolution_hours": 4},
    {"priority": "P2", "response_hours": 2, "resolution_hours": 9},
    {"priority": "P3", "response_hours": 4, "resolution_hours": 27},
    {"priority": "P4", "response_hours": 9, "resolution_hours": 90},
]
"""Business hours: P1 answered in an hour and fixed in half a day; P4 answered in a day and fixed in two weeks."""


def downgrade() -> None:
    with op.batch_alter_table("maintenance_ticket_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_ticket_events_ticket_id"))

    op.drop_table("maintenance_ticket_events")
    with op.batch_alter_table("maintenance_tickets", schema=None) as batch_op:
        batch_op.drop_index("ix_maintenance_tickets_status")

    op.drop_table("maintenance_tickets")
    with op.batch_alter_table("maintenance_plans", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_plans_asset_id"))

    op.drop_table("maintenance_plans")
    with op.batch_alter_table("maintenance_meter_readings", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_meter_readings_asset_id"))

    op.drop_table("maintenance_meter_readings")
    with op.batch_alter_table("maintenance_assets", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_maintenance_assets_location_id"))

    op.drop_table("maintenance_assets")
    op.drop_table("maintenance_teams")
    op.drop_table("maintenance_sla_targets")
