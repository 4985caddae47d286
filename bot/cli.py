"""The ``backoffice`` command line: serve, demo, chat, nlu, ask, knowledge, eval, db, import, export, jobs, outbox
(DESIGN §3)."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from bot.cli_help import CommandLineGroup, Typer
from bot.reference_commands import ExportGroup, ImportGroup
from bot.settings import Settings

if TYPE_CHECKING:
    from bot.nlu.router import Router

app = Typer(
    cls=CommandLineGroup, help="backoffice: an offline-first Slack assistant for the back office.", no_args_is_help=True
)
db_app = Typer(help="Database maintenance.", no_args_is_help=True)
import_app = Typer(
    cls=ImportGroup,
    help="Import reference data from a CSV file: backoffice import KIND FILE.csv.",
    no_args_is_help=True,
)
export_app = Typer(cls=ExportGroup, help="Export reference data (and reports) as CSV.", no_args_is_help=True)
eval_app = Typer(help="Evaluate the assistant's understanding.", no_args_is_help=True)
jobs_app = Typer(help="Scheduled jobs: list them with their last runs, or run one now.", no_args_is_help=True)
outbox_app = Typer(help="Notifications waiting or failed: list them, retry one now, or drop one.", no_args_is_help=True)
knowledge_app = Typer(help="The policy index the policy questions are answered from.", no_args_is_help=True)
expenses_app = Typer(help="Expense claims: reimbursement after payroll.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(export_app, name="export")
app.add_typer(eval_app, name="eval")
app.add_typer(jobs_app, name="jobs")
app.add_typer(knowledge_app, name="knowledge")
app.add_typer(expenses_app, name="expenses")
app.add_typer(outbox_app, name="outbox")


def _fail(message: str, code: int = 2) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


@app.command()
def serve(
    socket: Annotated[bool, typer.Option("--socket", help="Use Socket Mode instead of HTTP.")] = False,
    port: Annotated[int | None, typer.Option(help="HTTP port (default: PORT or 3000).")] = None,
    host: Annotated[str, typer.Option(help="Interface to listen on.")] = "0.0.0.0",
    workers: Annotated[
        int, typer.Option(min=1, help="HTTP worker processes sharing the port (more than 1 needs PostgreSQL).")
    ] = 1,
    listen_fd: Annotated[
        int | None, typer.Option(hidden=True, help="A worker of --workers: the inherited socket.")
    ] = None,
    worker_index: Annotated[int | None, typer.Option(hidden=True, help="A worker of --workers: its number.")] = None,
) -> None:
    """Run the Slack bot: HTTP (POST /slack/events, GET /healthz) or Socket Mode; --workers N runs N HTTP processes."""
    settings = Settings()
    missing = settings.missing_for_serve(socket)
    if missing:
        mode = "Socket Mode" if socket else "HTTP mode"
        them = "it" if len(missing) == 1 else "them"
        raise _fail(f"backoffice serve ({mode}) needs {' and '.join(missing)}; set {them} in the environment or .env.")
    problems = settings.token_problems(socket) + _workers_problems(settings, workers, socket)
    http_port = port if port is not None else settings.port
    if not socket and not 1 <= http_port <= 65535:
        where = "--port" if port is not None else "PORT"
        problems.append(f"{where} must be a port number from 1 to 65535, not {http_port}")
    if problems:
        raise _fail("backoffice serve cannot start: " + "; ".join(problems) + ".")
    from bot.slack.connection import SlackUnavailable
    from bot.workers import PortUnavailable

    try:
        if workers > 1:
            from bot.workers import run_workers

            raise typer.Exit(run_workers(settings, workers, port=http_port, host=host))
        from bot.server import run_server

        run_server(
            settings,
            socket_mode=socket,
            port=http_port,
            host=host,
            listen_fd=listen_fd,
            worker_index=worker_index,
        )
    except (SlackUnavailable, PortUnavailable) as error:
        raise _fail(f"backoffice serve cannot start: {error}.", code=1) from error


def _workers_problems(settings: Settings, workers: int, socket_mode: bool) -> list[str]:
    """Why ``--workers`` cannot be honoured (more than one process needs HTTP mode and PostgreSQL)."""
    if workers == 1:
        return []
    if socket_mode:
        return ["--workers is for HTTP mode; in Socket Mode start each process with its own `serve --socket`"]
    if not settings.resolved_database_url.startswith("postgresql"):
        return [
            f"--workers {workers} needs PostgreSQL (DATABASE_URL=postgresql+psycopg://...): SQLite lets one "
            "process write at a time; run one process (--workers 1) on SQLite"
        ]
    return []


@app.command()
def demo(
    script: Annotated[bool, typer.Option("--script", help="Play the scripted tour, print it and exit.")] = False,
) -> None:
    """Seed the demo company under BACKOFFICE_HOME and chat with the assistant (SQLite, no Slack, no key)."""
    from bot.demo.tour import run_demo

    raise typer.Exit(run_demo(Settings(), scripted=script))


@app.command()
def chat(as_: Annotated[str, typer.Option("--as", metavar="EMAIL", help="E-mail of the employee to talk as.")]) -> None:
    """Talk to the assistant in the terminal as any employee (switch with /as EMAIL)."""
    from bot.demo.tour import run_chat

    raise typer.Exit(run_chat(Settings(), as_))


@app.command()
def nlu(
    today: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="The day relative dates count from (default: today).")
    ] = None,
) -> None:
    """Read one utterance per stdin line; write one JSON routing decision per line."""
    from bot.nlu.commands import run_nlu

    run_nlu(sys.stdin, sys.stdout, _parse_day(today) or _machine_today(), router=_cached_router(Settings()))


@knowledge_app.command("ingest")
def knowledge_ingest(
    paths: Annotated[list[Path], typer.Argument(help="Policy files or folders (Markdown, text, HTML, PDF).")],
) -> None:
    """Index policy documents; a re-run re-indexes only what changed and drops what was deleted."""
    from rich.console import Console

    from bot.knowledge_commands import run_ingest
    from bot.process_setup import configure_logging

    settings = Settings()
    configure_logging(settings, to_console=False)
    raise typer.Exit(run_ingest(settings, paths, Console(soft_wrap=True)))


@app.command()
def ask(
    question: Annotated[list[str], typer.Argument(help="The question, in English or Spanish.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print {answer, sources, confidence, escalate}.")] = False,
    as_: Annotated[
        str | None, typer.Option("--as", metavar="EMAIL", help="Answer for this employee (their country/department).")
    ] = None,
) -> None:
    """Answer one policy question from the policy index, with citations, or say it is not in the policies."""
    from bot.knowledge_commands import run_ask
    from bot.process_setup import configure_logging, limit_math_threads

    settings = Settings()
    configure_logging(settings, to_console=False)
    limit_math_threads()
    try:
        code = run_ask(settings, " ".join(question), as_json=as_json, email=as_, out=sys.stdout)
    except LookupError as error:
        raise _fail(str(error)) from error
    raise typer.Exit(code)


@eval_app.command("knowledge")
def eval_knowledge(
    docs: Annotated[
        list[Path] | None, typer.Option("--docs", help="Policy folder (default: the demo handbook).")
    ] = None,
    questions: Annotated[
        Path | None, typer.Option(help="JSONL question set (default: the demo handbook's, knowledge/eval/).")
    ] = None,
) -> None:
    """Top-3 document, fact-in-answer and refusal rates over a question set, on a fresh throwaway index."""
    from rich.console import Console

    from bot.knowledge_commands import HANDBOOK, QUESTIONS, run_eval_knowledge
    from bot.process_setup import limit_math_threads
    from bot.runtime import default_router

    limit_math_threads()
    question_file = questions or QUESTIONS
    if not question_file.exists():
        raise _fail(f"no question set at {question_file}; pass --questions FILE")
    settings = Settings()
    code = run_eval_knowledge(settings, docs or [HANDBOOK], question_file, Console(width=120), default_router(settings))
    raise typer.Exit(code)


@eval_app.command("nlu")
def eval_nlu(
    path: Annotated[
        Path, typer.Argument(exists=True, dir_okay=False, metavar="FILE", help="JSONL: text, intent, lang, slots.")
    ],
    today: Annotated[
        str | None, typer.Option(metavar="YYYY-MM-DD", help="The day relative dates count from (default: today).")
    ] = None,
    errors: Annotated[bool, typer.Option("--errors", help="List every misrouted utterance.")] = False,
) -> None:
    """Accuracy per intent and language, confusions, false writes, slot accuracy and speed over a JSONL file."""
    from bot.nlu.commands import BadEvaluationFile, evaluate, print_report, read_labelled

    day = _parse_day(today) or _machine_today()
    try:
        labelled = read_labelled(path)  # before the router loads, so a wrong file is said at once
    except BadEvaluationFile as error:
        raise _fail(str(error)) from None
    print_report(evaluate(labelled, _cached_router(Settings()), today=day), sys.stdout, show_errors=errors)


@eval_app.command("clinc")
def eval_clinc(
    split: Annotated[str, typer.Option(help="CLINC150 split: val (report) or train (calibration).")] = "val",
    data: Annotated[Path | None, typer.Option(help="Folder with train_val.json and domains.json.")] = None,
) -> None:
    """In-scope accuracy and false-write rate on CLINC150 (pto_* as leave intents, other domains out of scope)."""
    from bot.nlu.calibration import DEFAULT_CLINC_DIR
    from bot.nlu.commands import run_eval_clinc

    if split not in ("val", "train"):
        raise _fail("--split must be val or train")
    folder = data or DEFAULT_CLINC_DIR
    if not (folder / "train_val.json").exists():
        raise _fail(f"no CLINC150 data in {folder}; pass --data FOLDER")
    run_eval_clinc(sys.stdout, data_dir=folder, split=split, router=_cached_router(Settings()))


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every pending migration to DATABASE_URL (SQLite under BACKOFFICE_HOME by default)."""
    from db.engine import Database
    from db.migrate import stamped_revision, upgrade

    settings = Settings()
    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    before = stamped_revision(database.engine)
    upgrade(database.engine)
    after = stamped_revision(database.engine)
    if before == after:
        typer.echo(f"database already up to date at revision {after} ({database.dialect})")
    elif before is None:
        typer.echo(f"database created at revision {after} ({database.dialect}), with the default leave types and "
                   "expense categories")  # fmt: skip
    else:
        typer.echo(f"database upgraded from revision {before} to {after} ({database.dialect})")


@jobs_app.command("list")
def jobs_list() -> None:
    """Every scheduled job, how often it runs, and its last runs (failures included)."""
    from bot.jobs_report import print_jobs

    print_jobs(Settings())


@jobs_app.command("run")
def jobs_run(name: Annotated[str, typer.Argument(help="The job's name, as `jobs list` shows it.")]) -> None:
    """Run one job now (it only acts on what is due, so running it twice does nothing new)."""
    from bot.jobs_report import run_job_now

    raise typer.Exit(run_job_now(Settings(), name))


@export_app.command("stock")
def export_stock(
    path: Annotated[
        Path | None,
        typer.Argument(dir_okay=False, metavar="FILE", help="Where to write it (standard output without one)."),
    ] = None,
) -> None:
    """Export stock by item and place (on hand, reserved, available, reorder point) as CSV."""
    from bot.report_commands import run_stock_export

    raise typer.Exit(run_stock_export(Settings(), path))


@export_app.command("movements")
def export_movements(
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (UTC).")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (UTC), included.")],
    path: Annotated[
        Path | None,
        typer.Argument(dir_okay=False, metavar="FILE", help="Where to write it (standard output without one)."),
    ] = None,
) -> None:
    """Export the stock ledger's movements between two days (both included) as CSV."""
    from bot.report_commands import run_movements_export

    first, last = _parse_day(start, "--from"), _parse_day(end, "--to")
    if first is None or last is None or last < first:
        raise _fail("--to must be on or after --from")
    raise typer.Exit(run_movements_export(Settings(), first, last, path))


@export_app.command("expenses")
def export_expenses(
    status: Annotated[str, typer.Option("--status", help="approved (marks them exported), exported or paid.")],
    month: Annotated[str | None, typer.Option("--month", help="Only expenses of this month, YYYY-MM.")] = None,
    path: Annotated[
        Path | None,
        typer.Argument(dir_okay=False, metavar="FILE", help="Where to write it (standard output without one)."),
    ] = None,
) -> None:
    """The payroll CSV of expense claims; exporting approved claims marks them exported in the same transaction."""
    from bot.report_commands import run_expenses_export

    if status not in ("approved", "exported", "paid"):
        raise _fail("--status must be approved, exported or paid")
    if month is not None and not _is_month(month):
        raise _fail(f"--month must be a month like 2026-11, not {month!r}")
    raise typer.Exit(run_expenses_export(Settings(), status, month, path))


@expenses_app.command("mark-paid")
def expenses_mark_paid(
    path: Annotated[Path, typer.Argument(exists=True, dir_okay=False, help="A payroll file from export expenses.")],
) -> None:
    """Mark the file's exported claims paid and tell each employee once."""
    from bot.report_commands import run_mark_paid

    raise typer.Exit(run_mark_paid(Settings(), path))


@outbox_app.command("list")
def outbox_list(
    everything: Annotated[bool, typer.Option("--all", help="Show delivered rows too.")] = False,
) -> None:
    """The rows waiting or failed (newest first), and how long the oldest waiting one has waited."""
    from bot.outbox_commands import list_outbox

    raise typer.Exit(list_outbox(Settings(), everything=everything))


@outbox_app.command("retry")
def outbox_retry(message_id: Annotated[int, typer.Argument(help="The row's id, as `outbox list` shows it.")]) -> None:
    """Try a failed or waiting row again now (its give-up clock starts again)."""
    from bot.outbox_commands import retry_outbox

    raise typer.Exit(retry_outbox(Settings(), message_id))


@outbox_app.command("drop")
def outbox_drop(message_id: Annotated[int, typer.Argument(help="The row's id, as `outbox list` shows it.")]) -> None:
    """Give up on a waiting or failed row (it is kept, marked failed, never sent)."""
    from bot.outbox_commands import drop_outbox

    raise typer.Exit(drop_outbox(Settings(), message_id))


@export_app.command("tickets")
def export_tickets(
    start: Annotated[str, typer.Option("--from", help="First day, YYYY-MM-DD (UTC).")],
    end: Annotated[str, typer.Option("--to", help="Last day, YYYY-MM-DD (UTC), included.")],
    path: Annotated[
        Path | None,
        typer.Argument(dir_okay=False, metavar="FILE", help="Where to write it (standard output without one)."),
    ] = None,
    chart: Annotated[
        Path | None, typer.Option("--chart", dir_okay=False, help="Also draw open tickets and resolve times (PNG).")
    ] = None,
) -> None:
    """Export the maintenance tickets reported between two days (SLA state, hours to resolve) as CSV."""
    from bot.report_commands import run_tickets_export

    first, last = _parse_day(start, "--from"), _parse_day(end, "--to")
    if first is None or last is None or last < first:
        raise _fail("--to must be on or after --from")
    raise typer.Exit(run_tickets_export(Settings(), first, last, path, chart))


def _cached_router(settings: Settings) -> Router:
    """The offline router ``serve`` uses, trained once and kept under ``BACKOFFICE_HOME/cache`` for the next run."""
    from bot.nlu.router import get_router

    return get_router(settings.embedding_model, cache_dir=settings.cache_dir)


def _parse_day(value: str | None, option: str = "--today") -> date | None:
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise _fail(f"{option} must be a date like 2026-11-25, not {value!r}") from None


def _is_month(value: str) -> bool:
    """Whether ``value`` is a month written ``YYYY-MM``."""
    try:
        return len(value) == 7 and date.fromisoformat(f"{value}-01") is not None
    except ValueError:
        return False


def _machine_today() -> date:
    """Today by the process clock (UTC): what relative dates mean when ``--today`` is not given."""
    return Settings().clock().now().date()


def main() -> None:
    """Entry point of the ``backoffice`` console script."""
    app()


__all__ = ["app", "main"]
