"""The authorization matrix and the rule checklist on its own (no database): who may move stock and settle
requests (look-ups and requests are everyone's: test_lookup, test_forms; Undo is its author's: test_service), and
each rule's named error in both languages."""

from __future__ import annotations

import pytest

from db.models import Employee, Role
from skills.errors import NotAllowed
from skills.stock.errors import (
    CountReasonNeeded,
    NotEnoughStock,
    QuantityNotPositive,
    QuantityTooLarge,
    SerializedInOnes,
    WarehouseOnly,
)
from skills.stock.models import Item
from skills.stock.rules import check_count_reason, check_quantity, check_serialized, check_warehouse

from .conftest import person


def staff() -> list[Employee]:
    return [person("Wes", roles=(Role.WAREHOUSE,))]


@pytest.mark.parametrize(
    ("roles", "may_move"),
    [((), False), ((Role.MANAGER,), False), ((Role.HR,), False), ((Role.FACILITIES,), False),
     ((Role.WAREHOUSE,), True), ((Role.ADMIN,), True)],
)  # fmt: skip
def test_only_warehouse_staff_and_admins_move_stock_or_settle_requests(roles, may_move):
    someone = person("Someone", roles=roles)
    if may_move:
        check_warehouse(someone, staff())
    else:
        with pytest.raises(WarehouseOnly) as refused:
            check_warehouse(someone, staff())
        assert isinstance(refused.value, NotAllowed)
        assert (
            refused.value.message("en") == "Only warehouse staff can record stock movements or settle requests (Wes)."
        )


@pytest.mark.parametrize(
    ("check", "error", "en", "es"),
    [
        (lambda: check_quantity(0), QuantityNotPositive, "above zero", "mayor que cero"),
        (lambda: check_quantity(1_000_000), QuantityTooLarge, "more than 100,000", "más de 100.000"),
        (lambda: check_serialized(Item(sku="L", name="Laptop", serialized=True), 2), SerializedInOnes,
         "one by one", "de uno en uno"),
        (lambda: check_count_reason(-9, "", 5), CountReasonNeeded, "by -9 (more than 5)", "en -9 (más de 5)"),
    ],
)  # fmt: skip
def test_each_rule_has_its_named_error_in_both_languages(check, error, en, es):
    with pytest.raises(error) as raised:
        check()
    assert en in raised.value.message("en") and es in raised.value.message("es")


def test_not_enough_stock_writes_the_unit_for_the_number():
    error = NotEnoughStock(item="Toner", place="Madrid", available=1, unit="box")
    assert error.message("en").startswith("Only 1 box of Toner available at Madrid")
    assert (
        NotEnoughStock(item="Tóner", place="Madrid", available=3, unit="box")
        .message("es")
        .startswith("Disponible en Madrid: solo 3 cajas de Tóner")
    )


def test_the_config_is_built_from_settings_by_field_name():
    from skills.stock import SKILL
    from skills.stock.config import StockConfig

    built = SKILL.build_config({"warehouse_channel": "#wh", "hr_channel": "#hr"})
    assert built == StockConfig(warehouse_channel="#wh")
    assert SKILL.build_config({}) == StockConfig()
