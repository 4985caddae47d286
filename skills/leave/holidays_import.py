"""Import company holidays from CSV (``date,name,country``): every row is checked first, nothing on any error."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from db.audit import record
from skills.leave.models import CompanyHoliday

HEADER = ("date", "name", "country")
_COUNTRY = re.compile(r"^[A-Z]{2}(-[A-Z0-9]{1,3})?$")


@dataclass(frozen=True)
class HolidayProblem:
    """A bad row: its line in the file and why."""

    line: int
    reason: str


class HolidayImportError(Exception):
    """The file has bad rows; nothing was imported."""

    def __init__(self, problems: list[HolidayProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(f"line {p.line}: {p.reason}" for p in problems))


def _parse(text: str) -> tuple[list[tuple[int, date, str, str | None]], list[HolidayProblem]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(cell.strip().lower() for cell in header) != HEADER:
        return [], [HolidayProblem(1, f"the header must be {','.join(HEADER)}")]
    rows: list[tuple[int, date, str, str | None]] = []
    problems: list[HolidayProblem] = []
    seen: set[tuple[date, str | None]] = set()
    for line, cells in enumerate(reader, start=2):
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(HEADER):
            problems.append(HolidayProblem(line, f"expected {len(HEADER)} columns, found {len(cells)}"))
            continue
        raw_day, name, raw_country = (cell.strip() for cell in cells)
        try:
            day = date.fromisoformat(raw_day)
        except ValueError:
            problems.append(HolidayProblem(line, f"'{raw_day}' is not a date like 2026-12-24"))
            continue
        country = raw_country.upper() or None
        if country is not None and not _COUNTRY.match(country):
            problems.append(HolidayProblem(line, f"'{raw_country}' is not a country code like ES or ES-MD"))
            continue
        if not name:
            problems.append(HolidayProblem(line, "the holiday needs a name"))
            continue
        if (day, country) in seen:
            problems.append(HolidayProblem(line, f"{day} is listed twice for {country or 'every office'}"))
            continue
        seen.add((day, country))
        rows.append((line, day, name[:200], country))
    return rows, problems


def import_holidays(session: Session, path: Path) -> tuple[int, int]:
    """Create or rename the holidays in ``path``; returns (created, updated). Raises if any row is bad."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as error:
        raise HolidayImportError([HolidayProblem(0, f"the file is not UTF-8 ({error.reason})")]) from error
    rows, problems = _parse(text)
    if problems:
        raise HolidayImportError(problems)
    created = updated = 0
    for _, day, name, country in rows:
        existing = session.scalar(
            select(CompanyHoliday).where(
                CompanyHoliday.day == day,
                CompanyHoliday.country.is_(None) if country is None else CompanyHoliday.country == country,
            )
        )
        if existing is None:
            holiday = CompanyHoliday(day=day, name=name, country=country)
            session.add(holiday)
            session.flush()
            created += 1
            record(session, action="holiday.created", entity_type="company_holiday", entity_id=holiday.id,
                   before=None, after={"day": day.isoformat(), "name": name, "country": country}, via="cli")  # fmt: skip
        elif existing.name != name:
            before = {"name": existing.name}
            existing.name = name
            updated += 1
            record(session, action="holiday.renamed", entity_type="company_holiday", entity_id=existing.id,
                   before=before, after={"name": name}, via="cli")  # fmt: skip
    return created, updated
