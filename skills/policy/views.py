"""What the policy skill shows, as pure functions of already-loaded data: the framed answer and its citations, the
refusal, the HR card, the relay, the review card, the reminder and HR's Home section (Block Kit and plain text)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from db.models import Employee
from knowledge.types import HR_ANSWER, Answer, Passage
from skills.blocks import button, context_block, section_block
from skills.core import Blocks, Capability
from skills.i18n import translate
from skills.policy.messages import format_when, language_name
from skills.policy.models import passage_record
from skills.policy.queries import HrSummary

ASK_HR = "policy.ask_hr"
VOTE = "policy.vote"
VOTE_UP, VOTE_DOWN = "policy.vote_up", "policy.vote_down"
SAVE_ANSWER = "policy.save_answer"
STILL_CORRECT, WITHDRAW = "policy.still_correct", "policy.withdraw"
MAX_QUOTED = 300
"""How much of a question is repeated in a relay's frame or a review card."""

Records = Sequence[Mapping[str, Any]]
"""Passages as the answer row keeps them (``models.passage_record``)."""


# --- citations and the answer ---------------------------------------------------------------------------------


def cite_record(record: Mapping[str, Any], lang: str = "en") -> str:
    """A citation line from a stored passage record: ``leave.md › Vacation`` or ``HR answer (2026-11-25)``."""
    if record.get("kind") == HR_ANSWER:
        saved_on = str(record.get("saved_on") or "")
        if saved_on:
            return translate(lang, "policy.hr_answer_cited", date=saved_on)
        return translate(lang, "policy.hr_answer_cited_undated")
    source, section = str(record.get("source", "")), str(record.get("section") or "")
    return f"{source} › {section.replace(' > ', ' › ')}" if section else source


def cite(passage: Passage, lang: str = "en") -> str:
    """How a cited passage is named to the reader: ``leave.md › Vacation`` or ``HR answer (2026-11-25)``."""
    return cite_record(passage_record(passage), lang)


def citation_lines(records: Records, lang: str) -> list[str]:
    """The numbered citations, ``[1] leave.md › Vacation``, in the order the answer's markers use."""
    return [f"[{number}] {cite_record(record, lang)}" for number, record in enumerate(records, start=1)]


def answer_text(quoted: str, sources: Records, lang: str) -> str:
    """An answer as the reader sees it in plain text: the frame, the quoted text, then the numbered citations."""
    lines = [translate(lang, "policy.frame"), quoted.strip()]
    citations = citation_lines(sources, lang)
    return "\n".join(lines + (["", *citations] if citations else []))


def format_answer(answer: Answer, lang: str) -> str:
    """The knowledge base's answer in ``lang`` (``backoffice ask``): framed and cited, or the refusal to guess."""
    if answer.escalate or not answer.text.strip():
        return translate(lang, "policy.not_found")
    return answer_text(answer.text, [passage_record(passage) for passage in answer.citations], lang)


def _actions(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(buttons)}


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def has_buttons(blocks: Sequence[Mapping[str, Any]] | None) -> bool:
    """Whether a card still offers buttons (so it should be settled when its subject changes)."""
    return any(block.get("type") == "actions" for block in blocks or [])


def answer_card(answer_id: int, quoted: str, sources: Records, lang: str) -> Blocks:
    """An answer: the framed quotes, the numbered citations, and 👍 / 👎."""
    body = "\n".join([translate(lang, "policy.frame"), quoted.strip()])
    blocks: Blocks = [section_block(body)]
    citations = citation_lines(sources, lang)
    if citations:
        blocks.append(context_block("\n".join(citations)))
    blocks.append(vote_buttons(answer_id, lang))
    return blocks


def vote_buttons(answer_id: int, lang: str) -> dict[str, Any]:
    """👍 / 👎 about answer ``answer_id`` (a policy answer, or HR's answer relayed for it)."""
    value = str(answer_id)
    return _actions(
        button(translate(lang, "policy.button.up"), VOTE_UP, value),
        button(translate(lang, "policy.button.down"), VOTE_DOWN, value),
    )


def refusal_card(answer_id: int, lang: str) -> Blocks:
    """Below the confidence gate: not found, no guessing, and the Ask HR button."""
    return [
        section_block(refusal_text(lang)),
        _actions(button(translate(lang, "policy.button.ask_hr"), ASK_HR, str(answer_id), "primary")),
    ]


def refusal_text(lang: str) -> str:
    """The refusal's plain text."""
    return f"{translate(lang, 'policy.not_found')}\n{translate(lang, 'policy.offer_hr')}"


def ask_hr_offer(answer_id: int, lang: str) -> Blocks:
    """After a 👎: thanks, and the Ask HR button."""
    return [
        section_block(translate(lang, "policy.feedback.thanks_down")),
        _actions(button(translate(lang, "policy.button.ask_hr"), ASK_HR, str(answer_id))),
    ]


# --- HR's side -------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Stamp:
    """Who did something and when, with the time zone the moment is shown in."""

    name: str
    at: datetime
    timezone: str


@dataclass(frozen=True)
class HrCard:
    """What the HR card shows about one question, read from its rows by ``notifications``."""

    question_id: int
    question: str
    asker: Employee
    asker_lang: str
    searched: Records
    answered: Stamp | None = None
    saved: Stamp | None = None
    last_answer: str | None = None
    can_save: bool = False


def describe(employee: Employee) -> str:
    """How an asker is named to HR: ``Ana (ana@corp.example) · Sales · US``."""
    parts = [f"{employee.name} ({employee.email})", employee.department, employee.country]
    return " · ".join(part for part in parts if part)


def searched_lines(searched: Records, lang: str) -> list[str]:
    """The best passages found, for HR: ``• leave.md › Vacation (0.42)``."""
    return [f"• {cite_record(record, lang)} ({float(record.get('score', 0.0)):.2f})" for record in searched]


def hr_outcome(card: HrCard, lang: str) -> list[str]:
    """What happened to the question so far: who answered it and who saved the answer, when."""
    lines = []
    if card.answered is not None:
        when = format_when(card.answered.at, lang, card.answered.timezone)
        lines.append(translate(lang, "policy.hr.answered", name=card.answered.name, when=when))
    if card.saved is not None:
        when = format_when(card.saved.at, lang, card.saved.timezone)
        lines.append(translate(lang, "policy.hr.saved", name=card.saved.name, when=when))
    return lines


def hr_card(card: HrCard, lang: str) -> Blocks:
    """The card in the HR channel: who asks, in which language, the question, what was searched, and the outcome."""
    found = searched_lines(card.searched, lang) or [translate(lang, "policy.hr.searched_none")]
    fields = [
        (translate(lang, "policy.hr.label.from"), describe(card.asker)),
        (translate(lang, "policy.hr.label.language"), language_name(card.asker_lang, lang)),
    ]
    blocks: Blocks = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": translate(lang, "policy.hr.title", id=card.question_id)[:150]},
        },
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"[:2000]} for k, v in fields]},
        section_block(f"*{translate(lang, 'policy.hr.label.question')}*\n{card.question}"),
        section_block(f"*{translate(lang, 'policy.hr.label.searched')}*\n" + "\n".join(found)),
    ]
    if card.last_answer:
        blocks.append(section_block(f"*{translate(lang, 'policy.hr.label.answer')}*\n{card.last_answer}"))
    outcome = hr_outcome(card, lang)
    if outcome:
        blocks.append(context_block("\n".join(outcome)))
    else:
        blocks.append(context_block(translate(lang, "policy.hr.how_to_answer", name=card.asker.name)))
    if card.can_save:
        value = str(card.question_id)
        blocks.append(_actions(button(translate(lang, "policy.button.save_answer"), SAVE_ANSWER, value)))
    return blocks


def hr_card_text(card: HrCard, lang: str) -> str:
    """The HR card's plain text."""
    title = translate(lang, "policy.hr.title", id=card.question_id)
    return "\n".join([title, f"{describe(card.asker)}: {card.question}", *hr_outcome(card, lang)])


def relay(answer_id: int, question: str, reply: str, hr_name: str, lang: str) -> tuple[str, Blocks]:
    """HR's reply as the asker receives it, in the asker's language, with 👍 / 👎 like every answer."""
    frame = translate(lang, "policy.relay.frame", question=shorten(question))
    by = translate(lang, "policy.relay.by", name=hr_name)
    blocks = [section_block(frame), section_block(reply), context_block(by), vote_buttons(answer_id, lang)]
    return f"{frame}\n{reply}\n{by}", blocks


def hr_unreachable_text(question: str, lang: str) -> str:
    """What the asker is told when their question's card could never be posted in the HR channel."""
    return translate(lang, "policy.ask_hr.undelivered", question=shorten(question))


def reminder_text(asker_name: str, asked_at: datetime, lang: str) -> str:
    """The reminder posted in the HR card's thread about a question still open."""
    return translate(lang, "policy.reminder", name=asker_name, since=format_when(asked_at, lang))


def review_card(
    reviewed_id: int, question: str, answer: str, sources: Sequence[str], lang: str, outcome: str | None = None
) -> Blocks:
    """The HR channel's card about a reviewed answer whose documents changed: Still correct / Withdraw."""
    blocks: Blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": translate(lang, "policy.review.title")[:150]}},
        section_block(_review_body(question, sources, lang)),
        section_block(f"*{translate(lang, 'policy.review.saved_answer')}*\n{answer}"),
    ]
    if outcome:
        blocks.append(context_block(outcome))
        return blocks
    value = str(reviewed_id)
    blocks.append(
        _actions(
            button(translate(lang, "policy.button.still_correct"), STILL_CORRECT, value, "primary"),
            button(translate(lang, "policy.button.withdraw"), WITHDRAW, value, "danger"),
        )
    )
    return blocks


def _review_body(question: str, sources: Sequence[str], lang: str) -> str:
    return translate(lang, "policy.review.body", question=shorten(question), sources=", ".join(sources) or "?")


def review_card_text(question: str, sources: Sequence[str], lang: str, outcome: str | None = None) -> str:
    """The review card's plain text."""
    body = _review_body(question, sources, lang)
    return "\n".join([translate(lang, "policy.review.title"), body, *([outcome] if outcome else [])])


def home_section(summary: HrSummary, lang: str, timezone: str) -> Blocks:
    """HR's Home tab section: open questions (count, the oldest), answers to review, and recent feedback."""
    if summary.oldest_asker is None or summary.oldest_at is None:
        open_line = translate(lang, "policy.home.open_none")
    else:
        when = format_when(summary.oldest_at, lang, timezone)
        open_line = translate(lang, "policy.home.open", count=summary.open_count, name=summary.oldest_asker, when=when)
    lines = [open_line, translate(lang, "policy.home.flagged", count=summary.flagged)]
    lines.append(translate(lang, "policy.home.feedback", up=summary.up, down=summary.down))
    blocks: Blocks = [section_block(translate(lang, "policy.home.title")), section_block("\n".join(lines))]
    if summary.latest_down:
        shown = "\n".join(f"• {shorten(question, 150)}" for question in summary.latest_down)
        blocks.append(context_block(f"{translate(lang, 'policy.home.latest_down')}\n{shown}"))
    return [*blocks, {"type": "divider"}]


OPEN_SHOWN = 10
"""How many waiting questions the list shows before saying how many more wait."""


@dataclass(frozen=True)
class OpenQuestion:
    """A question waiting for HR, as the list shows it: who asked, when, and what."""

    asker: str
    asked_at: datetime
    question: str


def open_questions_text(waiting: Sequence[OpenQuestion], channel: str, lang: str, timezone: str) -> str:
    """The questions waiting for HR, oldest first, with where to answer them; or that none waits."""
    if not waiting:
        return translate(lang, "policy.home.open_none")
    lines = [translate(lang, "policy.open.title", channel=channel)]
    for item in waiting[:OPEN_SHOWN]:
        when = format_when(item.asked_at, lang, timezone)
        lines.append(
            "• " + translate(lang, "policy.open.line", name=item.asker, when=when, question=shorten(item.question, 150))
        )
    if len(waiting) > OPEN_SHOWN:
        lines.append(translate(lang, "policy.open.more", count=len(waiting) - OPEN_SHOWN))
    return "\n".join(lines)


def capability(lang: str) -> Capability:
    """How the help card announces policy questions (the same for everyone: the question is about the handbook)."""
    return Capability(translate(lang, "policy.capability_title"), translate(lang, "policy.capability_example"))
