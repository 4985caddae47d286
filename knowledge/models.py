"""The knowledge index's bookkeeping in our database: which chunk (by content hash) came from which document, when."""

from __future__ import annotations

from sqlalchemy import Float, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from db.base import Base


class KnowledgeRecord(Base):
    """One indexed chunk: LangChain's record-manager row (namespace, key = chunk hash, group = source document)."""

    __tablename__ = "knowledge_records"
    __table_args__ = (
        UniqueConstraint("namespace", "key", name="uq_knowledge_records_namespace_key"),
        Index("ix_knowledge_records_namespace_group_id", "namespace", "group_id"),
        Index("ix_knowledge_records_namespace_updated_at", "namespace", "updated_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    namespace: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    group_id: Mapped[str | None] = mapped_column(String(1000))
    updated_at: Mapped[float] = mapped_column(Float)
    """Seconds since the epoch, as LangChain's record managers keep it (compared, never shown)."""
