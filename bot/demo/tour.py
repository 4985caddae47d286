"""``backoffice demo`` and ``backoffice chat``: the seeded company, the interactive chat and the scripted tour."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

from rich.console import Console

from bot.demo.company import TOUR_EMPLOYEE, seed_company
from bot.demo.expenses import seed_expenses
from bot.demo.maintenance import seed_maintenance
from bot.demo.places import seed_places
from bot.demo.stock import seed_stock
from bot.knowledge_commands import HANDBOOK, ingest_with_progress, open_knowledge, summary_line
from bot.process_setup import configure_logging
from bot.runtime import Runtime, build_runtime, default_router
from bot.scheduler import JobRunner
from bot.settings import Settings, secret
from bot.terminal.chat import COMMANDS_HELP, TerminalChat
from db.engine import Database
from db.migrate import upgrade
from skills.common.time import Clock, FixedClock

TOUR_COLLECTION = "tour-policies"
TOUR_MOMENT = datetime(2026, 12, 1, 9, 0, tzinfo=UTC)
"""The scripted tour always plays on Tuesday 1 December 2026, so its dates ("Dec 21-23") mean the same every year."""
DEMO_USER = f"{TOUR_EMPLOYEE[1]}@demo.example"
CLOCK = "@clock"
"""A tour step by this "who" moves the tour's clock by its text's days (``+2d``) and runs every scheduled job."""

# (who, what they type). Each skill issue extends the tour with its own steps.
TOUR: list[tuple[str, str]] = [
    ("sam@demo.example", "hi"),
    ("sam@demo.example", "how many vacation days do I have left?"),
    ("sam@demo.example", "I'd like to take Dec 21-23 off"),
    ("sam@demo.example", "vacation"),
    ("sam@demo.example", "1"),  # Confirm on the preview card
    ("maria@demo.example", "what's waiting for me?"),  # Sam's manager asks for her inbox (every skill's approvals)
    ("maria@demo.example", "1"),  # ...and presses Approve on Sam's request in it
    ("sam@demo.example", "how many vacation days do I have left?"),
    ("javier@demo.example", "hola, ¿qué puedes hacer?"),
    ("javier@demo.example", "quiero pedir vacaciones del 14 al 16 de diciembre"),
    ("javier@demo.example", "1"),  # Confirmar
    ("carlos.martinez@demo.example", "2"),  # his manager presses Reject...
    ("carlos.martinez@demo.example", "1"),  # ...and picks a reason
    ("maria@demo.example", "who is off from Dec 21 to Dec 24?"),
    ("sam@demo.example", "what is the rule for carrying over unused vacation?"),
    ("javier@demo.example", "¿cuál es el límite de comidas por día en Madrid?"),
    ("sam@demo.example", "can I bring my dog to the office?"),
    ("sam@demo.example", "1"),  # Ask HR: the question goes to the HR channel as a new thread
    ("lucia@demo.example", "/reply Yes, on Fridays, if your team agrees and the dog is calm. Tell reception first."),
    ("lucia@demo.example", "1"),  # Save as answer: the reply becomes a reviewed answer in the index
    ("sam@demo.example", "are dogs allowed in the office?"),  # now answered from HR's reviewed answer
    ("sam@demo.example", "what's the weather like tomorrow?"),
    ("sam@demo.example", "x" * 5000),
    # Stock: look up, request, fulfil, receive, and a low-stock alert people act on.
    ("sam@demo.example", "do we have HDMI adapters?"),
    ("javier@demo.example", "¿quedan cartuchos de tóner en el almacén de Madrid?"),
    ("javier@demo.example", "necesito 3 paquetes de folios"),
    ("javier@demo.example", "1"),  # Confirmar: the pick card goes to #almacen-madrid
    ("carlos.martinez@demo.example", "/reply entregado"),  # Carlos (warehouse) answers in the pick card's thread
    ("carlos.martinez@demo.example", "recibidos 20 cartuchos de tóner en el almacén de Madrid"),
    ("carlos.martinez@demo.example", "1"),  # Confirmar the receipt
    ("andres.romero@demo.example", "issue 25 toner cartridges from the Madrid warehouse"),
    ("andres.romero@demo.example", "1"),  # Confirm: available drops under the reorder level, the alert is posted
    ("carlos.martinez@demo.example", "/reply lo pido yo"),  # in the alert's thread: Carlos is ordering
    ("andres.romero@demo.example", "stock report"),  # each place's count, and the stock CSV saved under reports/
    # Expenses: a claim in each language (one with a receipt file, one over the finance threshold), can-I-expense,
    # the manager then finance approving, team spend as a table and a chart, and the payroll export marked paid.
    ("sam@demo.example", "taxi to the airport yesterday $45.20"),
    ("sam@demo.example", "{home}/demo/receipt-taxi.png"),  # the terminal shares a receipt by its path
    ("sam@demo.example", "1"),  # Confirm: the card goes to Maria
    ("javier@demo.example", "¿puedo pasar un taxi de 80 dólares?"),
    ("javier@demo.example", "gasté 650 € en un curso de formación ayer"),
    ("javier@demo.example", "la factura llega por correo la semana que viene"),
    ("javier@demo.example", "1"),  # Confirmar: over 500 €, so Carlos and then finance
    ("maria@demo.example", "what's waiting for me?"),
    ("maria@demo.example", "1"),  # Approve Sam's taxi
    ("carlos.martinez@demo.example", "¿qué tengo pendiente de aprobar?"),
    ("carlos.martinez@demo.example", "1"),  # Aprobar: it goes on to finance
    ("kate.foster@demo.example", "what's waiting for me?"),
    ("kate.foster@demo.example", "1"),  # finance approves Javier's course
    ("kate.foster@demo.example", "team spend this quarter by category"),
    ("kate.foster@demo.example", "export payroll"),
    ("kate.foster@demo.example", "1"),  # Export: the payroll CSV (saved under reports/), with a Mark paid button
    ("kate.foster@demo.example", "1"),  # Mark paid, once payroll has paid: Sam and Javier are told
    # Maintenance: a problem in each language, a duplicate offered, the team takes and resolves it, 👎 reopens,
    # and on a moved clock an SLA reminder and a preventive plan's ticket.
    ("javier@demo.example", "no funciona el aire acondicionado de la sala Goya"),
    ("javier@demo.example", "1"),  # Confirmar: the card goes to #facilities-madrid
    ("sam@demo.example", "the printer on the 3rd floor is jammed again"),
    ("sam@demo.example", "1"),  # Confirm: the card goes to #it-support
    ("alice.brooks@demo.example", "the 3rd floor printer is jammed"),
    ("alice.brooks@demo.example", "1"),  # "+1 and follow #2" instead of a second ticket
    ("ben.foster@demo.example", "/reply take"),  # IT's lead takes it in the card's thread
    ("ben.foster@demo.example", "/reply resolved: cleared the paper jam"),
    ("sam@demo.example", "2"),  # 👎 Still broken: reopened
    (CLOCK, "+2d"),
    ("sam@demo.example", "any news on my ticket?"),
    ("javier@demo.example", "¿cómo va mi incidencia?"),
]


def _prepare(settings: Settings, clock: Clock) -> Runtime:
    configure_logging(settings, to_console=False)
    first_start = not settings.cache_dir.exists()
    note = " (first start: training the language model, about 20 seconds)" if first_start else ""
    print(f"backoffice demo: starting under {settings.home}{note}...", flush=True)
    runtime = build_runtime(settings, clock=clock)
    with runtime.database.session() as session:
        seed_company(session, today=clock.now().date())
        seed_places(session, clock.now())
        seed_stock(session, clock.now())
        seed_expenses(session, clock.now(), settings.home)
        seed_maintenance(session, clock.now())
    if settings.knowledge_collection == TOUR_COLLECTION:
        runtime.knowledge.reset()  # HR's saved answer from the last tour must not answer this tour's question
    summary = ingest_with_progress(runtime.knowledge, runtime.database, [HANDBOOK], Console(stderr=True), settings)
    print(f"backoffice demo: policy handbook indexed ({summary_line(summary)})", flush=True)
    return runtime


def prepare_demo_home(settings: Settings) -> None:
    """Seed the demo company and index the handbook in the main demo home, without starting an assistant.

    The scripted tour plays on its own copy; this leaves ``backoffice chat`` and ``backoffice ask`` ready after it.
    """
    database = Database(settings.resolved_database_url)
    try:
        upgrade(database.engine)
        with database.session() as session:
            seed_company(session, today=settings.clock().now().date())
            seed_places(session, settings.clock().now())
            seed_stock(session, settings.clock().now())
            seed_expenses(session, settings.clock().now(), settings.home)
            seed_maintenance(session, settings.clock().now())
        ingest_with_progress(open_knowledge(settings), database, [HANDBOOK], Console(stderr=True), settings)
    finally:
        database.dispose()


def _stdin_lines(chat: TerminalChat) -> Iterator[str]:
    while True:
        try:
            yield input(chat.prompt())
        except (EOFError, KeyboardInterrupt):
            print()
            return


def tour_settings(settings: Settings) -> Settings:
    """The tour always starts from a fresh company: its own SQLite file and policy index, emptied first.

    The model cache under BACKOFFICE_HOME is shared with the interactive demo.
    """
    tour_db = settings.home / "tour" / "tour.db"
    tour_db.parent.mkdir(parents=True, exist_ok=True)
    for leftover in tour_db.parent.glob("tour.db*"):
        leftover.unlink()
    return settings.model_copy(update={"database_url": f"sqlite:///{tour_db}", "knowledge_collection": TOUR_COLLECTION})


def run_demo(settings: Settings, *, scripted: bool) -> int:
    """Seed the demo company, then play the tour (``scripted``) or open an interactive chat."""
    if scripted:
        runtime = _prepare(tour_settings(settings), FixedClock(TOUR_MOMENT))
    else:
        runtime = _prepare(settings, settings.clock())
    chat = TerminalChat(runtime.assistant, runtime.database, print)
    print(f"backoffice demo: ready ({runtime.database.dialect} database, no Slack, no API key)")
    if scripted:
        current = None
        for email, step in TOUR:
            text = step.replace("{home}", str(settings.home))
            if email == CLOCK:
                print(f"(the clock moves {text}: {_move_clock(runtime, text)}; the scheduled jobs run)")
                chat.delivery.deliver_all()
                current = None
                continue
            if email != current:
                chat.switch_to(email)
                current = email
            shown = text if len(text) <= 120 else f"{text[:40]}... ({len(text)} characters)"
            print(f"{chat.prompt()}{shown}")
            chat.handle_line(text)
        print("(end of the tour)")
        prepare_demo_home(settings)
        print(
            f"backoffice demo: {settings.home} holds the demo company and policy index; try `backoffice ask` or "
            f"`backoffice chat --as {DEMO_USER}`"
        )
        return 0
    print(COMMANDS_HELP)
    chat.switch_to(DEMO_USER)
    chat.run(_stdin_lines(chat))
    return 0


def _move_clock(runtime: Runtime, step: str) -> str:
    """Move the tour's fixed clock by ``step`` days (``+2d``) and run every job once at the new moment."""
    clock = runtime.clock
    if not isinstance(clock, FixedClock):  # pragma: no cover - the scripted tour always runs on a FixedClock
        return "not moved"
    moment = clock.advance(timedelta(days=int(step.strip("+d"))))
    for job, deps in runtime.jobs():
        JobRunner(runtime.database, job, deps=deps, clock=clock).run()
    return f"{moment:%a %d %b %Y %H:%M} UTC"


SLACK_DELIVERS = (
    "(Slack is configured here (SLACK_BOT_TOKEN): notifications and cards stay in the outbox for `backoffice serve`"
    " to post in Slack, so this terminal shows only its own answers)"
)


def chat_delivers(settings: Settings) -> bool:
    """Whether ``backoffice chat`` shows the outbox's notifications in the terminal: not when Slack is configured,
    where they are ``serve``'s to post (a terminal that took them would leave Slack without them)."""
    return not secret(settings.slack_bot_token)


def run_chat(settings: Settings, email: str) -> int:
    """Chat in the terminal as ``email`` against the configured database."""
    configure_logging(settings, to_console=False)
    print("backoffice chat: starting...", flush=True)
    runtime = build_runtime(settings, router=default_router(settings, warm_in_background=True))
    delivers = chat_delivers(settings)
    chat = TerminalChat(runtime.assistant, runtime.database, print, delivers=delivers)
    if not delivers:
        print(SLACK_DELIVERS)
    if not chat.switch_to(email):
        return 1
    print(COMMANDS_HELP)
    chat.run(_stdin_lines(chat))
    return 0
