"""``backoffice chat``: talk to the assistant as any employee; switch with ``/as EMAIL``; press buttons by number."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.assistant import Assistant, Origin
from bot.terminal.delivery import Card, TerminalDelivery
from bot.terminal.render import Choice, plain, render_blocks
from db.engine import Database
from db.models import Employee
from skills.core import Action, Reply

Write = Callable[[str], None]

COMMANDS_HELP = (
    "Commands: /as EMAIL (switch user), /who (list people), /cards (the cards you can see, numbered),"
    " /reply N TEXT (answer in the thread of card N; /reply TEXT: the newest card), /quit."
    " Pick a button of the last answer by its number, or of any card as N.M (card N, button M)."
)
_CARD_BUTTON = re.compile(r"^(\d+)\.(\d+)$")


@dataclass
class ChatState:
    """Who is talking and which buttons they can press now."""

    employee_id: int
    email: str
    name: str
    choices: list[Choice] = field(default_factory=list)


class TerminalChat:
    """A line-based conversation with the assistant, shared by ``chat``, ``demo`` and ``demo --script``."""

    def __init__(self, assistant: Assistant, database: Database, write: Write, *, delivers: bool = True) -> None:
        self.assistant = assistant
        self.database = database
        self.write = write
        self.delivery = TerminalDelivery(database, claims=delivers)
        self.state: ChatState | None = None

    def switch_to(self, email: str) -> bool:
        """Become the employee with ``email``; False (and a message) if there is no such active employee."""
        with self.database.session() as session:
            employee = session.scalar(select(Employee).where(func.lower(Employee.email) == email.strip().lower()))
            if employee is None or not employee.active:
                self.write(f"(no active employee with e-mail {email!r}; try /who)")
                return False
            self.state = ChatState(employee.id, employee.email, employee.name)
        self.write(f"(you are now {self.state.name} <{self.state.email}>)")
        self._show_inbox()
        return True

    def prompt(self) -> str:
        """The input prompt naming the current user."""
        return f"{self.state.name if self.state else '?'}> "

    def handle_line(self, line: str) -> bool:
        """Process one typed line; False when the user asked to quit."""
        line = line.strip()
        if line in ("/quit", "/exit"):
            return False
        if line.startswith("/as "):
            self.switch_to(line[4:])
            return True
        if line == "/who":
            self._list_people()
            return True
        if line in ("/help", "/?"):
            self.write(COMMANDS_HELP)
            return True
        if self.state is None:
            self.write("(choose who you are first: /as EMAIL)")
            return True
        card_button = _CARD_BUTTON.match(line)
        if line.isdigit() and self.state.choices:
            self._press(int(line))
        elif card_button is not None:
            self._press_on_card(int(card_button[1]), int(card_button[2]))
        elif line == "/cards":
            self._list_cards()
        elif line.startswith("/reply"):
            self._reply_in_thread(line.removeprefix("/reply").strip())
        else:
            replies = self.assistant.handle_message(self.state.employee_id, line, Origin("terminal", "terminal"))
            self.state.choices = []  # a number now presses this answer's buttons, or is typed text if it has none
            self._show(replies)
        self.delivery.deliver_all()
        self._show_inbox()
        return True

    def run(self, lines: Iterable[str], echo: bool = False) -> None:
        """Run the conversation over ``lines`` (stdin or a script) until they end or ``/quit``."""
        for line in lines:
            if echo:
                self.write(f"{self.prompt()}{line}")
            if not self.handle_line(line):
                break

    def _press(self, number: int) -> None:
        assert self.state is not None
        if not 1 <= number <= len(self.state.choices):
            self.write(f"(no button {number}; pick 1-{len(self.state.choices)})")
            return
        self._press_choice(self.state.choices[number - 1], Origin("terminal", "terminal"))

    def _press_choice(self, choice: Choice, origin: Origin) -> None:
        assert self.state is not None
        self.write(f"(pressed [{choice.label}])")
        action = Action(choice.action_id, choice.value, choice.label)
        replies = self.assistant.handle_action(self.state.employee_id, action, origin)
        self.state.choices = []  # as after a typed message: the numbers are the new answer's buttons, if any
        self._show(replies)

    def _press_on_card(self, number: int, button: int) -> None:
        """Press button ``button`` of card ``number`` as the card stands now (older cards too)."""
        assert self.state is not None
        card = self.delivery.card(self.state.employee_id, number)
        if card is None:
            self.write(f"(no card {number} for you; /cards lists them)")
            return
        _, choices = render_blocks(card.reply.blocks or [])
        if not 1 <= button <= len(choices):
            self.write(f"(card {number} has no button {button}" + (f"; pick 1-{len(choices)})" if choices else ")"))
            return
        self._press_choice(choices[button - 1], Origin("terminal", card.thread_key))

    def _list_cards(self) -> None:
        assert self.state is not None
        cards = self.delivery.cards_of(self.state.employee_id)
        if not cards:
            self.write("(no cards yet)")
        for card in cards:
            title = plain(card.reply.text).split("\n", 1)[0][:80]
            _, choices = render_blocks(card.reply.blocks or [])
            buttons = "  ".join(f"[{card.number}.{i}] {c.label}" for i, c in enumerate(choices, start=1))
            self.write(f"  card {card.number} ({card.where}): {title}" + (f"\n      {buttons}" if buttons else ""))

    def _reply_in_thread(self, text: str) -> None:
        """``/reply N TEXT`` answers under card N; ``/reply TEXT`` under the newest card this user can see."""
        assert self.state is not None
        number, _, rest = text.partition(" ")
        card: Card | None
        if number.isdigit():
            card, text = self.delivery.card(self.state.employee_id, int(number)), rest.strip()
            if card is None:
                self.write(f"(no card {number} for you; /cards lists them)")
                return
        else:
            cards = self.delivery.cards_of(self.state.employee_id)
            card = cards[-1] if cards else None
        if card is None or not text:
            self.write(
                "(/reply N TEXT answers under card N; there is no card yet)"
                if card is None
                else "(/reply needs a text)"
            )
            return
        origin = Origin("terminal", card.thread_key)
        self._show(
            self.assistant.handle_card_thread_message(self.state.employee_id, text, origin), heading="bot (thread)"
        )

    def _show(self, replies: list[Reply], heading: str = "bot", *, numbered: bool = True) -> None:
        assert self.state is not None
        choices: list[Choice] = []
        for reply in replies:
            lines, buttons = render_blocks(reply.blocks) if reply.blocks else ([plain(reply.text)], [])
            self.write(f"{heading}: " + "\n     ".join(part for line in lines for part in line.split("\n")))
            choices.extend(buttons)
        if choices and numbered:
            self.state.choices = choices
            self.write("     " + "  ".join(f"[{i}] {c.label}" for i, c in enumerate(choices, start=1)))

    def _show_inbox(self) -> None:
        if self.state is None:
            return
        # A notice's buttons take the plain numbers only when the answer just shown has none ("Ask HR" must not
        # become the button of a card delivered in the same turn); every card's stay reachable as N.M.
        numbered = not self.state.choices
        for channel, notice in self.delivery.take(self.state.employee_id):
            where = f"in {channel}" if channel else "DM"
            heading = f"📝 bot (card updated, {where})" if notice.replace_original else f"📨 bot ({where})"
            self._show([notice], heading=heading, numbered=numbered)
            card = self.delivery.card_of_message(notice)
            if card is not None and not notice.replace_original:
                hint = f"/reply {card.number} TEXT answers under it"
                if render_blocks(notice.blocks or [])[1]:
                    hint += f"; {card.number}.1 presses its first button"
                self.write(f"     (card {card.number}: {hint})")

    def _list_people(self) -> None:
        with self.database.session() as session:
            for employee in session.scalars(select(Employee).where(Employee.active).order_by(Employee.name)):
                roles = ",".join(sorted(str(role) for role in employee.roles if role != "employee"))
                self.write(f"  {employee.email:40} {employee.name:28} {employee.department:14} {roles}")
