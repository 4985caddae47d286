"""``backoffice knowledge ingest``, ``backoffice ask`` and ``backoffice eval knowledge``: the policy index from the shell.

This module also owns opening the knowledge base the settings name (:func:`open_knowledge`), for every front end.
``ask`` is a one-shot command, so what only ingest and evaluation need (Alembic, the ingest pipeline, the progress
bar, the leader lock) is imported where it is used.
"""

from __future__ import annotations

import json
import logging
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from sqlalchemy import func, select

from bot.llm_model import chat_model_from_settings
from bot.settings import Settings
from db.engine import Database
from db.models import Employee
from knowledge.base import PolicyKnowledge
from knowledge.documents import unsupported_documents
from knowledge.embeddings import encodable
from knowledge.store import IndexLocation
from knowledge.types import EVERYONE, Audience, IngestSummary
from skills.common.language import detect_language

if TYPE_CHECKING:
    from rich.console import Console

    from bot.nlu.protocols import Router

log = logging.getLogger(__name__)

INGEST_LOCK_KEY = 0x696E67657374  # "ingest": one ingest at a time per database (and so per index)
MAX_QUESTION_CHARS = 4000
"""The same limit a chat message has."""

HANDBOOK = Path(__file__).resolve().parent.parent / "knowledge" / "handbook"
"""The demo company's policy handbook, ingested by ``backoffice demo``."""
QUESTIONS = Path(__file__).resolve().parent.parent / "knowledge" / "eval" / "policy_questions.jsonl"
"""The question set over the demo handbook that ``backoffice eval knowledge`` scores (shipped in the package)."""


def open_knowledge(settings: Settings) -> PolicyKnowledge:
    """The policy knowledge base the settings name: Chroma under BACKOFFICE_HOME or at CHROMA_URL, LLM if set."""
    location = IndexLocation(
        home=settings.home, chroma_url=settings.chroma_url, collection=settings.knowledge_collection
    )
    return PolicyKnowledge(
        location,
        embedding_model=settings.embedding_model,
        model_cache=settings.cache_dir,
        chat_model=chat_model_from_settings(settings, "policy answers"),
        llm_timeout_s=settings.backoffice_llm_timeout,
    )


def _count(number: int, word: str) -> str:
    return f"{number} {word}" if number == 1 else f"{number} {word}s"


def summary_line(summary: IngestSummary) -> str:
    """The one line an ingest run ends with."""
    line = (
        f"{_count(summary.documents, 'document')}, {_count(summary.chunks, 'chunk')}: "
        f"{summary.added} added, {summary.skipped} skipped (unchanged); "
        f"{_count(summary.replaced, 'document')} replaced, {summary.removed} removed; {summary.seconds:.1f} s"
    )
    return line + (f"; {len(summary.failed)} could not be read" if summary.failed else "")


def ingest_with_progress(
    knowledge: PolicyKnowledge, database: Database, paths: Sequence[Path], console: Console, settings: Settings
) -> IngestSummary:
    """Ingest ``paths`` drawing a progress bar, then flag HR's reviewed answers whose documents changed."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from skills.core import Actor
    from skills.policy import SKILL as POLICY
    from skills.policy.config import PolicyConfig
    from skills.policy.service import flag_reviews_for_changed_documents

    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    # drawn only on a terminal: piped or captured, a bar leaves a blank line above the summary
    with Progress(*columns, console=console, transient=True, disable=not console.is_terminal) as bar:
        task = bar.add_task("indexing", total=None)

        def advance(done: int, total: int, source: str) -> None:
            bar.update(task, completed=done, total=total, description=f"indexing {source}")

        summary = knowledge.ingest(paths, database, progress=advance)
    if summary.changed_sources or summary.removed_sources:
        config = POLICY.build_config(settings.model_dump())
        assert isinstance(config, PolicyConfig)
        with database.session() as session:
            flagged = flag_reviews_for_changed_documents(
                session,
                actor=Actor(None, "cli", settings.clock().now()),
                knowledge=knowledge,
                changed_sources=summary.changed_sources,
                removed_sources=summary.removed_sources,
                config=config,
            )
        if flagged:
            console.print(f"{flagged} reviewed HR answers rely on a changed document and were sent to HR for review")
    return summary


def run_ingest(settings: Settings, paths: Sequence[Path], console: Console, errors: Console | None = None) -> int:
    """Index the policy files under ``paths``; 0 when every file was read, 1 when some could not be.

    The summary goes to ``console``; what went wrong to ``errors`` (standard error unless given).
    """
    from rich.console import Console as RichConsole

    from bot.scheduler import LeaderLock
    from db.migrate import upgrade

    errors = errors or RichConsole(stderr=True, soft_wrap=True)
    missing = [str(path) for path in paths if not path.exists()]
    if missing:
        errors.print(f"[red]no such file or folder: {', '.join(missing)}[/red]")
        return 2
    settings.home.mkdir(parents=True, exist_ok=True)
    database = Database(settings.resolved_database_url)
    lock = LeaderLock(database, settings.home / "ingest.lock", key=INGEST_LOCK_KEY)
    try:
        upgrade(database.engine)
        if not lock.acquire():
            errors.print("[red]another ingest is running on this index; run this one when it has finished[/red]")
            return 1
        try:
            summary = ingest_with_progress(open_knowledge(settings), database, paths, console, settings)
        finally:
            lock.release()
    finally:
        database.dispose()
    for name, reason in sorted(summary.failed.items()):
        errors.print(f"[yellow]skipped {name}: {reason}[/yellow]")
    console.print(summary_line(summary))
    for path in unsupported_documents(paths):
        errors.print(f"[yellow]not indexed {path.name}: only Markdown, text, HTML and PDF files are read[/yellow]")
    if summary.documents == 0 and not summary.failed:
        errors.print("[yellow]no policy files there: Markdown, text, HTML or PDF (README files are skipped)[/yellow]")
        return 1
    return 1 if summary.failed else 0


def _audience_of(settings: Settings, email: str | None) -> tuple[Audience, str | None]:
    """The audience (country, department) and language of the employee with ``email``; everyone if none given."""
    if not email:
        return EVERYONE, None
    database = Database(settings.resolved_database_url)
    try:
        with database.session() as session:
            employee = session.scalar(select(Employee).where(func.lower(Employee.email) == email.strip().lower()))
            if employee is None:
                raise LookupError(f"no employee with e-mail {email!r}")
            return Audience(country=employee.country, department=employee.department), employee.language
    finally:
        database.dispose()


def _unanswered(note: str, *, as_json: bool, out: TextIO, code: int) -> int:
    """Say why no question was answered (as the JSON of DESIGN.md §3 with ``--json``, so a caller can always parse
    it: no sources, escalate) and return ``code``."""
    if as_json:
        out.write(json.dumps({"answer": note, "sources": [], "confidence": 0.0, "escalate": True}) + "\n")
    else:
        out.write(note + "\n")
    return code


def run_ask(settings: Settings, question: str, *, as_json: bool, email: str | None, out: TextIO) -> int:
    """Answer one policy question: JSON per DESIGN.md §3 with ``--json``, else the text a user would read."""
    from skills.policy.views import format_answer

    question = " ".join(encodable(question).split())
    if not question:
        return _unanswered("ask needs a question", as_json=as_json, out=out, code=2)
    if len(question) > MAX_QUESTION_CHARS:
        note = f"that question is {len(question)} characters long; the limit is {MAX_QUESTION_CHARS}"
        return _unanswered(note, as_json=as_json, out=out, code=2)
    audience, employee_lang = _audience_of(settings, email)
    knowledge = open_knowledge(settings)
    if knowledge.is_empty():
        log.warning("ask with an empty policy index under %s", settings.home)
        note = "The policy index is empty: index your documents first with `backoffice knowledge ingest PATH...`."
        return _unanswered(note, as_json=as_json, out=out, code=1)
    answer = knowledge.answer(question, audience)
    lang = detect_language(question, employee_lang)
    text = format_answer(answer, lang)
    if not as_json:
        out.write(text + "\n")
        return 0
    sources = [
        {"source": passage.chunk.source, "section": passage.chunk.section, "score": round(passage.score, 4)}
        for passage in (answer.citations if not answer.escalate else answer.searched)
    ]
    payload = {
        "answer": text,
        "sources": sources,
        "confidence": round(answer.confidence, 4),
        "escalate": answer.escalate,
    }
    out.write(json.dumps(payload, ensure_ascii=False) + "\n")
    return 0


def chat_reach_line(router: Router, knowledge: PolicyKnowledge, questions: Sequence[str]) -> str:
    """How many answerable questions, typed in chat, reach a policy answer (routed to policy.ask, or by fallback)."""
    from bot.nlu.catalog import WRITE_INTENTS
    from skills import all_skills, build_registry, deps_for
    from skills.common.time import SystemClock
    from skills.policy.rules import FALLBACK_CONFIDENCE

    deps = deps_for({}, SystemClock(), knowledge)
    handled = set(build_registry(all_skills(), deps).intents) - {"policy.ask"}
    routed = fallback = 0
    for question in questions:
        intent = router.route(question, today=SystemClock().now().date()).intent
        if intent == "policy.ask":
            routed += 1
        elif intent not in handled and intent not in WRITE_INTENTS:
            answer = knowledge.answer(question)
            fallback += int(not answer.escalate and answer.confidence >= FALLBACK_CONFIDENCE)
    total = max(len(questions), 1)
    return (
        f"in chat: {routed}/{len(questions)} answerable questions routed to policy.ask, {fallback} more answered by "
        f"the fallback; {(routed + fallback) / total:.1%} reach a policy answer (the rest go to another skill)"
    )


def run_eval_knowledge(
    settings: Settings, docs: Sequence[Path], questions: Path, console: Console, router: Router
) -> int:
    """Index ``docs`` into a throwaway index and score the question set: top-3 document, fact, refusals, speed.

    ``router`` is the one the chat uses: it decides which questions reach a policy answer when typed in chat.
    """
    from db.migrate import upgrade
    from knowledge.evaluation import (
        compare_retrieval_modes,
        evaluate,
        format_report,
        load_questions,
        source_languages,
    )

    with tempfile.TemporaryDirectory(prefix="backoffice-eval-") as home:
        scratch = Path(home)
        database = Database(f"sqlite:///{scratch / 'eval.db'}")
        try:
            upgrade(database.engine)
            knowledge = PolicyKnowledge(
                IndexLocation(home=scratch), embedding_model=settings.embedding_model, model_cache=settings.cache_dir
            )
            summary = knowledge.ingest(docs, database)
            console.print(summary_line(summary))
            items = load_questions(questions)
            languages = source_languages(knowledge.index.all_chunks())
            report = evaluate(knowledge.answer, knowledge.search, items, languages)
            console.print(format_report(report), markup=False, highlight=False)
            console.print(compare_retrieval_modes(knowledge.index, knowledge.embedder, items), markup=False)
            console.print(chat_reach_line(router, knowledge, [item.question for item in items if item.answerable]))
        finally:
            database.dispose()
    return 0
