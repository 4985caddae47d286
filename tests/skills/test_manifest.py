"""The skill manifests are the only source of the catalog: examples as data, labels and write intents derived."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.nlu.catalog import INTENT_SPECS, INTENTS, PRIVATE_INTENTS, WRITE_INTENTS, skill_of
from skills import all_skills, i18n
from skills.base import IntentSpec, Skill
from skills.examples import parse_examples, read_examples
from skills.i18n import translate


def test_an_examples_file_is_utterances_under_intent_headings():
    text = "# a comment\n\n[leave.request]\nI need Friday off\n  day off tomorrow  \n[help]\nhelp\n"
    assert parse_examples(text) == {"leave.request": ["I need Friday off", "day off tomorrow"], "help": ["help"]}
    with pytest.raises(ValueError, match=r"x\.txt:1: an utterance before the first"):
        parse_examples("stray line\n[help]\nhi\n", "x.txt")


def test_a_skill_cannot_teach_an_intent_it_does_not_declare(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # The odd skill's label ("intent.odd.other", English only) must not stay in the shared catalog: the test that
    # every message has both languages would fail after this one in the same worker.
    monkeypatch.setattr(i18n, "_CATALOG", dict(i18n._CATALOG))
    package = tmp_path / "oddskill"
    (package / "examples").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "examples" / "en.txt").write_text("[odd.thing]\nhello\n")
    assert read_examples(package / "examples") == {"odd.thing": {"en": ["hello"]}}
    import sys

    sys.path.insert(0, str(tmp_path))
    try:
        skill = Skill(name="odd", package="oddskill", intents=(IntentSpec("odd.other", {"en": "x"}, "x"),))
        with pytest.raises(ValueError, match="does not declare"):
            _ = skill.examples
    finally:
        sys.path.remove(str(tmp_path))


def test_the_catalog_is_the_skills_intents():
    declared = [spec.name for skill in all_skills() for spec in skill.intents]
    assert list(INTENTS) == declared and len(set(declared)) == len(declared)
    assert {spec.name for spec in INTENT_SPECS.values() if spec.write} == WRITE_INTENTS
    assert {"leave.request", "leave.cancel", "expense.submit", "stock.adjust", "maintenance.create"} <= WRITE_INTENTS
    assert skill_of("expense.submit") == "expenses" and skill_of("nonsense") == "none"


def test_ones_own_records_and_every_write_are_private_while_help_and_policy_are_not():
    personal = {"leave.balance", "leave.status", "leave.history", "leave.team", "expense.status", "expense.report",
                "approvals.inbox", "maintenance.status"}  # fmt: skip
    assert personal | WRITE_INTENTS == PRIVATE_INTENTS
    assert not {"help", "policy.ask", "stock.lookup", "expense.check"} & PRIVATE_INTENTS


def test_labels_come_from_the_manifest_in_both_languages():
    assert translate("es", "intent.leave.request") == "una solicitud de ausencia"
    assert translate("en", "intent.help") == "help"


def test_config_is_built_from_settings_by_field_name():
    from skills.leave import SKILL as LEAVE
    from skills.leave.config import LeaveConfig

    built = LEAVE.build_config({"hr_channel": "#people", "hr_language": None, "unrelated": 3})
    assert built == LeaveConfig(hr_channel="#people", hr_language="en")
