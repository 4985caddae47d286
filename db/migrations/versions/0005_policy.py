"""policy answers, questions for HR and reviewed answers

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-25 14:40:00
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

import db.types

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "policy_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("answer_text", sa.Text(), nullable=False),
        sa.Column("sources", sa.JSON(), nullable=False),
        sa.Column("searched", sa.JSON(), nullable=False),
        sa.Column("confidence", sa.Float(), nullable=False),
        sa.Column("escalated", sa.Boolean(), nullable=False),
        sa.Column("feedback", sa.String(length=8), nullable=True),
        sa.Column("feedback_by_id", sa.Integer(), nullable=True),
        sa.Column("feedback_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("sent_to_hr_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["employee_id"], ["employees.id"], name=op.f("fk_policy_answers_employee_id_employees"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["feedback_by_id"],
            ["employees.id"],
            name=op.f("fk_policy_answers_feedback_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_answers")),
    )
    with op.batch_alter_table("policy_answers", schema=None) as batch_op:
        batch_op.create_index("ix_policy_answers_created_at", ["created_at"], unique=False)

    op.create_table(
        "policy_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("employee_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("via", sa.String(length=16), nullable=False),
        sa.Column("thread_key", sa.String(length=128), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answered_by_id", sa.Integer(), nullable=True),
        sa.Column("answered_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_answer", sa.Text(), nullable=True),
        sa.Column("last_answer_by_id", sa.Integer(), nullable=True),
        sa.Column("last_answer_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("last_reminded_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["answer_id"],
            ["policy_answers.id"],
            name=op.f("fk_policy_questions_answer_id_policy_answers"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["answered_by_id"],
            ["employees.id"],
            name=op.f("fk_policy_questions_answered_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["employee_id"],
            ["employees.id"],
            name=op.f("fk_policy_questions_employee_id_employees"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["last_answer_by_id"],
            ["employees.id"],
            name=op.f("fk_policy_questions_last_answer_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_questions")),
        sa.UniqueConstraint("answer_id", name="uq_policy_questions_answer_id"),
    )
    with op.batch_alter_table("policy_questions", schema=None) as batch_op:
        batch_op.create_index("ix_policy_questions_status", ["status"], unique=False)

    op.create_table(
        "policy_reviewed_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("question", sa.Text(), nullable=False),
        sa.Column("answer", sa.Text(), nullable=False),
        sa.Column("lang", sa.String(length=8), nullable=False),
        sa.Column("saved_on", sa.Date(), nullable=False),
        sa.Column("saved_by_id", sa.Integer(), nullable=True),
        sa.Column("relies_on", sa.JSON(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("flagged_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("flagged_sources", sa.JSON(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("reviewed_at", db.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", db.types.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["question_id"],
            ["policy_questions.id"],
            name=op.f("fk_policy_reviewed_answers_question_id_policy_questions"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"],
            ["employees.id"],
            name=op.f("fk_policy_reviewed_answers_reviewed_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["saved_by_id"],
            ["employees.id"],
            name=op.f("fk_policy_reviewed_answers_saved_by_id_employees"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_policy_reviewed_answers")),
        sa.UniqueConstraint("question_id", name="uq_policy_reviewed_answers_question_id"),
    )
    with op.batch_alter_table("policy_reviewed_answers", schema=None) as batch_op:
        batch_op.create_index("ix_policy_reviewed_answers_status", ["status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("policy_reviewed_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_policy_reviewed_answers_status")
    op.drop_table("policy_reviewed_answers")

    with op.batch_alter_table("policy_questions", schema=None) as batch_op:
        batch_op.drop_index("ix_policy_questions_status")
    op.drop_table("policy_questions")

    with op.batch_alter_table("policy_answers", schema=None) as batch_op:
        batch_op.drop_index("ix_policy_answers_created_at")
    op.drop_table("policy_answers")
