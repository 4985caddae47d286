"""Block Kit for the policy skill, as plain data: the answer card, the HR card, the relay, the review card, Home."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from skills.blocks import button, context_block, section_block
from skills.core import Blocks
from skills.i18n import translate
from skills.policy.messages import language_name
from skills.policy.provider import citation_lines, cite_record, framed_text

ASK_HR = "policy.ask_hr"
VOTE = "policy.vote"
VOTE_UP, VOTE_DOWN = "policy.vote_up", "policy.vote_down"
SAVE_ANSWER = "policy.save_answer"
STILL_CORRECT, WITHDRAW = "policy.still_correct", "policy.withdraw"
MAX_QUOTED = 300
"""How much of a question is repeated in a relay's frame or a review card."""


def _actions(*buttons: dict[str, Any]) -> dict[str, Any]:
    return {"type": "actions", "elements": list(buttons)}


def shorten(text: str, limit: int = MAX_QUOTED) -> str:
    """``text`` on one line, cut to ``limit`` characters with an ellipsis."""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def has_buttons(blocks: Sequence[Mapping[str, Any]] | None) -> bool:
    """Whether a card still offers buttons (so it should be settled when its subject changes)."""
    return any(block.get("type") == "actions" for block in blocks or [])


def answer_card(answer_id: int, answer_text: str, sources: Sequence[Mapping[str, Any]], lang: str) -> Blocks:
    """An answer: the framed quotes, the numbered citations, and 👍 / 👎."""
    body = "\n".join([translate(lang, "policy.frame"), answer_text.strip()])
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


def answer_text(answer_text: str, sources: Sequence[Mapping[str, Any]], lang: str) -> str:
    """The answer card's plain text (notifications, screen readers, the terminal)."""
    return framed_text(answer_text, sources, lang)


def refusal_card(answer_id: int, lang: str) -> Blocks:
    """Below the confidence gate: not found, no guessing, and the Ask HR button."""
    return [
        section_block(f"{translate(lang, 'policy.not_found')}\n{translate(lang, 'policy.offer_hr')}"),
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


def searched_lines(searched: Sequence[Mapping[str, Any]], lang: str) -> list[str]:
    """The best passages found, for HR: ``• leave.md › Vacation (0.42)``."""
    return [f"• {cite_record(record, lang)} ({float(record.get('score', 0.0)):.2f})" for record in searched]


def hr_card(
    question_id: int,
    question: str,
    asker: str,
    asker_name: str,
    asker_lang: str,
    searched: Sequence[Mapping[str, Any]],
    lang: str,
    outcome: Sequence[str] = (),
    last_answer: str | None = None,
    can_save: bool = False,
) -> Blocks:
    """The card in the HR channel: who asks, in which language, the question, what was searched, and the outcome."""
    found = searched_lines(searched, lang) or [translate(lang, "policy.hr.searched_none")]
    fields = [
        (translate(lang, "policy.hr.label.from"), asker),
        (translate(lang, "policy.hr.label.language"), language_name(asker_lang, lang)),
    ]
    blocks: Blocks = [
        {
            "type": "header",
            "text": {"type": "plain_text", "text": translate(lang, "policy.hr.title", id=question_id)[:150]},
        },
        {"type": "section", "fields": [{"type": "mrkdwn", "text": f"*{k}*\n{v}"[:2000]} for k, v in fields]},
        section_block(f"*{translate(lang, 'policy.hr.label.question')}*\n{question}"),
        section_block(f"*{translate(lang, 'policy.hr.label.searched')}*\n" + "\n".join(found)),
    ]
    if last_answer:
        blocks.append(section_block(f"*{translate(lang, 'policy.hr.label.answer')}*\n{last_answer}"))
    if outcome:
        blocks.append(context_block("\n".join(outcome)))
    else:
        blocks.append(context_block(translate(lang, "policy.hr.how_to_answer", name=asker_name)))
    if can_save:
        blocks.append(_actions(button(translate(lang, "policy.button.save_answer"), SAVE_ANSWER, str(question_id))))
    return blocks


def hr_card_text(question_id: int, question: str, asker: str, lang: str, outcome: Sequence[str] = ()) -> str:
    """The HR card's plain text."""
    lines = [translate(lang, "policy.hr.title", id=question_id), f"{asker}: {question}", *outcome]
    return "\n".join(lines)


def relay(answer_id: int, question: str, reply: str, hr_name: str, lang: str) -> tuple[str, Blocks]:
    """HR's reply as the asker receives it, in the asker's language, with 👍 / 👎 like every answer."""
    frame = translate(lang, "policy.relay.frame", question=shorten(question))
    by = translate(lang, "policy.relay.by", name=hr_name)
    blocks = [section_block(frame), section_block(reply), context_block(by), vote_buttons(answer_id, lang)]
    return f"{frame}\n{reply}\n{by}", blocks


def review_card(
    reviewed_id: int, question: str, answer: str, sources: Sequence[str], lang: str, outcome: str | None = None
) -> Blocks:
    """The HR channel's card about a reviewed answer whose documents changed: Still correct / Withdraw."""
    body = translate(lang, "policy.review.body", question=shorten(question), sources=", ".join(sources) or "?")
    blocks: Blocks = [
        {"type": "header", "text": {"type": "plain_text", "text": translate(lang, "policy.review.title")[:150]}},
        section_block(body),
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


def review_card_text(question: str, sources: Sequence[str], lang: str, outcome: str | None = None) -> str:
    """The review card's plain text."""
    body = translate(lang, "policy.review.body", question=shorten(question), sources=", ".join(sources) or "?")
    return "\n".join([translate(lang, "policy.review.title"), body, *([outcome] if outcome else [])])


def home_section(lang: str, open_line: str, flagged: int, up: int, down: int, latest_down: Sequence[str]) -> Blocks:
    """HR's Home tab section: open questions, answers to review, and recent feedback."""
    lines = [open_line, translate(lang, "policy.home.flagged", count=flagged)]
    lines.append(translate(lang, "policy.home.feedback", up=up, down=down))
    blocks: Blocks = [section_block(translate(lang, "policy.home.title")), section_block("\n".join(lines))]
    if latest_down:
        shown = "\n".join(f"• {shorten(question, 150)}" for question in latest_down)
        blocks.append(context_block(f"{translate(lang, 'policy.home.latest_down')}\n{shown}"))
    return [*blocks, {"type": "divider"}]
