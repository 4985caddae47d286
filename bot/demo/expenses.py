"""The demo company's expenses: categories for the US and Spain offices (limits and receipt thresholds from the
handbook, in dollars and euros) through the same ``expense-categories`` import an operator runs, a few claims in
each language waiting for approval, and a sample receipt file the tour shares from the terminal."""

from __future__ import annotations

import io
from datetime import datetime, timedelta
from decimal import Decimal
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from db.models import Employee
from skills.common.reference import ImportContext, import_text
from skills.core import Actor
from skills.expenses import service
from skills.expenses.config import ExpensesConfig
from skills.expenses.drafts import checked
from skills.expenses.models import ExpenseClaim
from skills.expenses.queries import category_for
from skills.expenses.receipts import store
from skills.expenses.reference import CATEGORIES
from skills.expenses.rules import ClaimDraft

CATEGORIES_CSV = """code,name_en,name_es,limit,currency,per,receipt_over,country
travel,Travel,Viajes,,USD,item,25,US
lodging,Lodging,Alojamiento,300,USD,day,0,US
meals,Meals,Comidas,75,USD,day,25,US
mileage,Mileage,Kilometraje,,USD,item,,US
equipment,Equipment,Equipamiento,1000,USD,item,25,US
software,Software,Software,500,USD,month,25,US
training,Training,Formación,2000,USD,item,25,US
other,Other,Otros,250,USD,item,25,US
travel,Travel,Viajes,,EUR,item,25,ES
lodging,Lodging,Alojamiento,150,EUR,day,0,ES
meals,Meals,Comidas,50,EUR,day,25,ES
mileage,Mileage,Kilometraje,,EUR,item,,ES
equipment,Equipment,Equipamiento,1000,EUR,item,25,ES
software,Software,Software,450,EUR,month,25,ES
training,Training,Formación,1800,EUR,item,25,ES
other,Other,Otros,200,EUR,item,25,ES
"""
# (e-mail, amount, currency, category, merchant, days ago): people whose managers the tour leaves alone
CLAIMS = (
    ("kate.foster@demo.example", "38.00", "USD", "meals", "Joe's Diner", 6),
    ("javier.molina@demo.example", "24.50", "EUR", "travel", "Renfe", 9),
)
RECEIPT_PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010802000000907753de0000000c4944415478"
    "9c63f8ffff3f0005fe02fe0def46b80000000049454e44ae426082"
)


def sample_receipt(home: Path) -> Path:
    """A small receipt image the tour shares by path (``<BACKOFFICE_HOME>/demo/receipt-taxi.png``)."""
    path = home / "demo" / "receipt-taxi.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(RECEIPT_PNG)
    return path


def _scan(number: int) -> bytes:
    """A distinct small image per seeded claim (the same file twice would rightly be a possible duplicate)."""
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), (number * 40 % 256, 200, 255 - number * 30 % 256)).save(buffer, "PNG")
    return buffer.getvalue()


def seed_expenses(session: Session, now: datetime, home: Path) -> int:
    """Import the US and Spain categories and file the demo claims, unless claims are there already; how many."""
    sample_receipt(home)
    if session.scalar(select(func.count()).select_from(ExpenseClaim)):
        return 0
    context = ImportContext(actor=Actor(None, "cli", now), source="demo expense categories", today=now.date())
    import_text(session, CATEGORIES, CATEGORIES_CSV, context)
    config = ExpensesConfig(backoffice_home=home)
    filed = 0
    for number, (email, amount, currency, code, merchant, days) in enumerate(CLAIMS, start=1):
        receipt = store(_scan(number), home=home, max_bytes=config.receipt_max_bytes, lang="en")
        employee = session.scalar(select(Employee).where(Employee.email == email))
        if employee is None:
            continue
        draft = ClaimDraft(employee=employee, amount=Decimal(amount), currency=currency,
                           expense_date=now.date() - timedelta(days=days),
                           category=category_for(session, code, employee.country), merchant=merchant,
                           country=employee.country, receipt=receipt)  # fmt: skip
        actor = Actor(employee, "terminal", now)
        service.submit(session, actor=actor, draft=draft, assessment=checked(config, session, draft, now.date()),
                       thread_key="terminal", lang=employee.language)  # fmt: skip
        filed += 1
    return filed
