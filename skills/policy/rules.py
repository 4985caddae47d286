"""The checks before each policy command, in the order they run; each broken rule raises its named error.

vote               check_asker_votes
send_to_hr         check_asker_asks_hr
record_hr_answer   validate_reply: from HR, not empty, short enough to relay
save_answer        check_hr
confirm/withdraw   check_hr
the fallback       answers_clearly (no error: below it the bot says it did not understand)
"""

from __future__ import annotations

from db.models import Employee
from knowledge.types import Answer
from skills.core import Actor
from skills.errors import NotAllowed
from skills.policy.errors import EmptyReply, HrOnly, OnlyAskerAsksHr, OnlyAskerVotes, ReplyNotFromHr, ReplyTooLong
from skills.policy.models import PolicyAnswer, PolicyQuestion
from skills.policy.queries import is_asker, is_hr

MAX_RELAY_CHARS = 2800
"""An HR reply longer than this is not relayed (it would not fit one Slack text block)."""

FALLBACK_CONFIDENCE = 0.45
"""How sure the policy index must be to answer a message the router did not take for a policy question.

Measured on this handbook: of 500 CLINC150 validation messages from other domains, 10 (2%) reach 0.45, against
9 of the 12 handbook questions the router sent to ``none`` (the policy gate itself is lower, ~0.34).
"""


def acting_employee(actor: Actor) -> Employee:
    """The person behind ``actor``: policy commands are people's (the system itself may not ask, vote or answer)."""
    if actor.employee is None:
        raise NotAllowed()
    return actor.employee


def check_asker_votes(answer: PolicyAnswer, employee: Employee) -> None:
    """Only the person who asked rates an answer."""
    if not is_asker(answer, employee):
        raise OnlyAskerVotes()


def check_asker_asks_hr(answer: PolicyAnswer, employee: Employee) -> None:
    """Only the person who asked sends their question to HR."""
    if not is_asker(answer, employee):
        raise OnlyAskerAsksHr()


def check_hr(employee: Employee) -> None:
    """Only HR (or an admin) saves an answer or reviews a saved one."""
    if not is_hr(employee):
        raise HrOnly()


def acting_hr(actor: Actor) -> Employee:
    """The HR member behind ``actor`` (``acting_employee``, then ``check_hr``)."""
    employee = acting_employee(actor)
    check_hr(employee)
    return employee


def check_reply_from_hr(question: PolicyQuestion, employee: Employee) -> None:
    """Only replies from HR in the card's thread are passed on to the asker."""
    if not is_hr(employee):
        raise ReplyNotFromHr(asker=question.employee.name)


def check_reply_not_empty(reply: str) -> None:
    """A reply with nothing in it is not passed on."""
    if not reply:
        raise EmptyReply()


def check_reply_fits(reply: str) -> None:
    """A reply longer than ``MAX_RELAY_CHARS`` is not passed on."""
    if len(reply) > MAX_RELAY_CHARS:
        raise ReplyTooLong(length=len(reply), limit=MAX_RELAY_CHARS)


def validate_reply(question: PolicyQuestion, employee: Employee, text: str) -> str:
    """A reply in the HR card's thread, checked in order (from HR, not empty, fits); the text to relay."""
    check_reply_from_hr(question, employee)
    reply = text.strip()
    check_reply_not_empty(reply)
    check_reply_fits(reply)
    return reply


def answers_clearly(result: Answer) -> bool:
    """Whether the index's answer is sure enough to answer a message the router did not take for a question."""
    return not result.escalate and result.confidence >= FALLBACK_CONFIDENCE and bool(result.text.strip())
