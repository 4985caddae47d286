"""Places as one tree (DESIGN §3): sites, buildings, floors, rooms, warehouses and shelves, each under its parent."""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from db.base import Base


class Location(Base):
    """One place; ``country``, ``timezone`` and ``alert_channel`` left empty are inherited from the parent."""

    __tablename__ = "locations"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("locations.id", ondelete="RESTRICT"), index=True)
    country: Mapped[str | None] = mapped_column(String(8))
    timezone: Mapped[str | None] = mapped_column(String(64))
    alert_channel: Mapped[str | None] = mapped_column(String(80))
    aliases: Mapped[list[str]] = mapped_column(JSON, default=list)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    parent: Mapped[Location | None] = relationship(remote_side=[id], foreign_keys=[parent_id])

    def __repr__(self) -> str:
        return f"Location({self.code!r})"

    def lineage(self) -> list[Location]:
        """This place and its ancestors, nearest first (a cycle, which import refuses, would stop the walk)."""
        chain: list[Location] = []
        node: Location | None = self
        while node is not None and node not in chain:
            chain.append(node)
            node = node.parent
        return chain

    def inherited(self, attribute: str) -> Any:
        """The nearest non-empty ``attribute`` up the tree (``country``, ``timezone``, ``alert_channel``)."""
        return next((getattr(node, attribute) for node in self.lineage() if getattr(node, attribute)), None)

    @property
    def path(self) -> str:
        """The names from the root down: ``Madrid office › Floor 2 › Sala Goya``."""
        return " › ".join(node.name for node in reversed(self.lineage()))


__all__ = ["Location"]
