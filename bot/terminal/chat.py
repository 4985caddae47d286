"""``backoffice chat``: talk to the assistant as any employee; switch with ``/as EMAIL``; press buttons by number."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from sqlalchemy import func, select

from bot.assistant import Assistant, Origin
from bot.terminal.delivery import TerminalDelivery
from bot.terminal.render import Choice, plain, render_blocks
from db.engine import Database
from db.models import Employee
from skills.core import Action, Reply

Write = Callable[[str], None]

COMMANDS_HELP = (
    "Commands: /as EMAIL (switch user), /who (list people), /reply TEXT (answer in the thread of the newest card),"
    " /quit. Pick a button by its number."
)


@dataclass
class ChatState:
    """Who is talking and which buttons they can press now."""

    employee_id: int
    email: str
    name: str
    choices: list[Choice] = field(default_factory=list)


class TerminalChat:
    """A line-based conversation with the assistant, shared by ``chat``, ``demo`` and ``demo --script``."""

    def __init__(self, assistant: Assistant, database: Database, write: Write) -> None:
        self.assistant = assistant
        self.database = database
        self.write = write
        self.delivery = TerminalDelivery(database)
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
        if line.isdigit() and self.state.choices:
            self._press(int(line))
        elif line.startswith("/reply"):
            self._reply_in_thread(line.removeprefix("/reply").strip())
        else:
            replies = self.assistant.handle_message(self.state.employee_id, line, Origin("terminal", "terminal"))
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
        choice = self.state.choices[number - 1]
        self.write(f"(pressed [{choice.label}])")
        action = Action(choice.action_id, choice.value)
        self._show(self.assistant.handle_action(self.state.employee_id, action, Origin("terminal", "terminal")))

    def _reply_in_thread(self, text: str) -> None:
        assert self.state is not None
        thread = self.delivery.last_thread
        if thread is None or not text:
            self.write(
                "(/reply TEXT answers in the thread of the newest card; there is none yet)"
                if not thread
                else "(/reply needs a text)"
            )
            return
        origin = Origin("terminal", thread)
        self._show(
            self.assistant.handle_card_thread_message(self.state.employee_id, text, origin), heading="bot (thread)"
        )

    def _show(self, replies: list[Reply], heading: str = "bot") -> None:
        assert self.state is not None
        choices: list[Choice] = []
        for reply in replies:
            lines, buttons = render_blocks(reply.blocks) if reply.blocks else ([plain(reply.text)], [])
            self.write(f"{heading}: " + "\n     ".join(part for line in lines for part in line.split("\n")))
            choices.extend(buttons)
        if choices:
            self.state.choices = choices
            self.write("     " + "  ".join(f"[{i}] {c.label}" for i, c in enumerate(choices, start=1)))

    def _show_inbox(self) -> None:
        if self.state is None:
            return
        for channel, notice in self.delivery.take(self.state.employee_id):
            where = f"in {channel}" if channel else "DM"
            self._show(
                [notice], heading=f"📝 bot (card updated, {where})" if notice.replace_original else f"📨 bot ({where})"
            )

    def _list_people(self) -> None:
        with self.database.session() as session:
            for employee in session.scalars(select(Employee).where(Employee.active).order_by(Employee.name)):
                roles = ",".join(sorted(str(role) for role in employee.roles if role != "employee"))
                self.write(f"  {employee.email:40} {employee.name:28} {employee.department:14} {roles}")
