"""Plain functions behind ``backoffice nlu``, ``backoffice eval nlu`` and the CLINC150 evaluation/calibration.

They take their input and output streams as arguments (no typer here), so the CLI mounts them and tests call them.
"""

from __future__ import annotations

import json
import statistics
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import Decimal, InvalidOperation
from itertools import islice
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from bot.nlu.calibration import (
    CLINC_TO_INTENT,
    DEFAULT_CLINC_DIR,
    UNMAPPED_PREFIX,
    Calibration,
    ClincMetrics,
    calibrate,
    clinc_metrics,
    embed_cached,
    load_clinc,
    predicted_labels,
)
from bot.nlu.catalog import INTENTS, NONE, WRITE_INTENTS
from bot.nlu.router import Route, Router, get_router
from knowledge.embeddings import encodable

BATCH_SIZE = 256
"""Lines routed per embedding call by ``run_nlu``."""


def _none_route(text: str) -> Route:
    return Route(skill=NONE, intent=NONE, slots={}, confidence=1.0, lang="en", text=text)


def _batches(lines: Iterable[str], size: int) -> Iterator[list[str]]:
    iterator = iter(lines)
    while batch := list(islice(iterator, size)):
        yield batch


def run_nlu(
    lines: Iterable[str],
    out: TextIO,
    today: date,
    *,
    router: Router | None = None,
    locale: str | None = None,
    default_currency: str = "USD",
) -> None:
    """Route one utterance per input line and write one JSON object per line (the ``backoffice nlu`` contract)."""
    router = router or get_router()
    for batch in _batches(lines, BATCH_SIZE):
        # undecodable input bytes become "?"; the BOM a Windows editor puts atop a UTF-8 file is no part of a text
        texts = [encodable(line.rstrip("\r\n")).removeprefix("\ufeff") for line in batch]
        wanted = [i for i, text in enumerate(texts) if text.strip()]
        routed = router.route_many(
            [texts[i] for i in wanted], locale=locale, today=today, default_currency=default_currency
        )
        by_index = dict(zip(wanted, routed, strict=True))
        for i, text in enumerate(texts):
            route = by_index.get(i) or _none_route(text)
            out.write(json.dumps(route.to_json(), ensure_ascii=False) + "\n")
        out.flush()


# ----- evaluation on a labelled JSONL file ------------------------------------------------------------------------


@dataclass(frozen=True)
class LabelledUtterance:
    """One line of an evaluation file: ``{"text", "intent", "lang", "slots"?, "today"?}``."""

    text: str
    intent: str
    lang: str
    slots: dict[str, Any] = field(default_factory=dict)
    today: date | None = None


class BadEvaluationFile(ValueError):
    """An evaluation file that cannot be read: the message names the file, the line and why."""


def read_labelled(path: Path) -> list[LabelledUtterance]:
    """Parse an evaluation JSONL file (blank lines and ``#`` comments are skipped)."""
    items: list[LabelledUtterance] = []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except UnicodeDecodeError:
        raise BadEvaluationFile(f"{path}: not UTF-8 text; expected JSON lines (text, intent, lang, slots)") from None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        try:
            row = json.loads(line)
            items.append(
                LabelledUtterance(
                    text=row["text"],
                    intent=row["intent"],
                    lang=row.get("lang", "en"),
                    slots=dict(row.get("slots") or {}),
                    today=date.fromisoformat(row["today"]) if row.get("today") else None,
                )
            )
        except (KeyError, ValueError, TypeError) as error:
            said = f"{path}:{number}: bad evaluation line ({type(error).__name__}: {error}); expected a JSON object"
            raise BadEvaluationFile(f"{said} with text and intent") from error
    return items


def slot_matches(expected: Any, actual: Any) -> bool:
    """Whether an extracted slot value equals the labelled one (amounts compare as decimals)."""
    if actual is None:
        return False
    if isinstance(expected, str) and isinstance(actual, str):
        try:
            return Decimal(expected) == Decimal(actual)
        except InvalidOperation:
            return expected.casefold() == actual.casefold()
    return bool(expected == actual)


@dataclass
class EvalReport:
    """Figures of one ``backoffice eval nlu`` run."""

    model: str
    thresholds: dict[str, float]
    total: int
    accuracy: float
    per_language: dict[str, float]
    per_intent: dict[str, tuple[int, float]]
    confusions: list[tuple[str, str, int]]
    false_write_rate: float
    none_count: int
    unwanted_write_rate: float
    slot_accuracy: float
    slot_total: int
    per_slot: dict[str, tuple[int, float]]
    median_ms: float
    errors: list[dict[str, str]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return asdict(self)


def _ratio(hits: int, total: int) -> float:
    return hits / total if total else 0.0


def evaluate(
    items: Sequence[LabelledUtterance],
    router: Router,
    *,
    today: date,
    locale: str | None = None,
    timed: bool = True,
) -> EvalReport:
    """Route every labelled utterance and compute the report's figures.

    ``timed`` routes one utterance at a time and records the latency of each (the median is reported); without it
    the utterances are routed in batches, which is faster but gives no per-utterance latency.
    """
    router.fit()
    router.route("warm up", today=today)  # first call pays for lazy imports in the extractors
    routes: list[Route] = []
    timings: list[float] = []
    if timed:
        for item in items:
            start = time.perf_counter()
            routes.append(router.route(item.text, locale=locale, today=item.today or today))
            timings.append((time.perf_counter() - start) * 1000)
    else:
        by_day: dict[date, list[int]] = defaultdict(list)
        for position, item in enumerate(items):
            by_day[item.today or today].append(position)
        routed: dict[int, Route] = {}
        for day, positions in by_day.items():
            batch = router.route_many([items[p].text for p in positions], locale=locale, today=day)
            routed.update(zip(positions, batch, strict=True))
        routes = [routed[position] for position in range(len(items))]

    correct = [route.intent == item.intent for route, item in zip(routes, items, strict=True)]
    by_lang: dict[str, list[bool]] = defaultdict(list)
    by_intent: dict[str, list[bool]] = defaultdict(list)
    for ok, item in zip(correct, items, strict=True):
        by_lang[item.lang].append(ok)
        by_intent[item.intent].append(ok)
    confusion = Counter(
        (item.intent, route.intent) for route, item in zip(routes, items, strict=True) if route.intent != item.intent
    )
    gold_none = [route for route, item in zip(routes, items, strict=True) if item.intent == NONE]
    gold_read = [route for route, item in zip(routes, items, strict=True) if item.intent not in WRITE_INTENTS]
    slot_hits: dict[str, list[bool]] = defaultdict(list)
    for route, item in zip(routes, items, strict=True):
        for key, expected in item.slots.items():
            slot_hits[key].append(slot_matches(expected, route.slots.get(key)))
    all_slots = [hit for hits in slot_hits.values() for hit in hits]
    errors = [
        {"text": item.text, "expected": item.intent, "got": route.intent, "confidence": f"{route.confidence:.2f}"}
        for route, item in zip(routes, items, strict=True)
        if route.intent != item.intent
    ]
    for route, item in zip(routes, items, strict=True):
        for key, expected in item.slots.items():
            if not slot_matches(expected, route.slots.get(key)):
                errors.append(
                    {"text": item.text, "slot": key, "expected": str(expected), "got": str(route.slots.get(key))}
                )
    return EvalReport(
        model=router.model_name,
        thresholds=router.thresholds.as_dict(),
        total=len(items),
        accuracy=_ratio(sum(correct), len(correct)),
        per_language={lang: _ratio(sum(v), len(v)) for lang, v in sorted(by_lang.items())},
        per_intent={
            intent: (len(by_intent[intent]), _ratio(sum(by_intent[intent]), len(by_intent[intent])))
            for intent in [*INTENTS, NONE]
            if intent in by_intent
        },
        confusions=[(gold, got, count) for (gold, got), count in confusion.most_common(10)],
        false_write_rate=_ratio(sum(r.intent in WRITE_INTENTS for r in gold_none), len(gold_none)),
        none_count=len(gold_none),
        unwanted_write_rate=_ratio(sum(r.intent in WRITE_INTENTS for r in gold_read), len(gold_read)),
        slot_accuracy=_ratio(sum(all_slots), len(all_slots)),
        slot_total=len(all_slots),
        per_slot={key: (len(hits), _ratio(sum(hits), len(hits))) for key, hits in sorted(slot_hits.items())},
        median_ms=statistics.median(timings) if timings else 0.0,
        errors=errors,
    )


def print_report(report: EvalReport, out: TextIO, *, show_errors: bool = False) -> None:
    """Print an :class:`EvalReport` as readable tables."""
    console = Console(file=out, width=110, highlight=False)
    summary = Table(title=f"NLU evaluation — {report.model}", show_header=False)
    summary.add_column("figure")
    summary.add_column("value", justify="right")
    summary.add_row("utterances", str(report.total))
    summary.add_row("intent accuracy", f"{report.accuracy:.1%}")
    for lang, accuracy in report.per_language.items():
        summary.add_row(escape(f"  accuracy [{lang}]"), f"{accuracy:.1%}")
    summary.add_row("false-write rate (none -> write)", f"{report.false_write_rate:.1%} of {report.none_count}")
    summary.add_row("unwanted write rate (read/none -> write)", f"{report.unwanted_write_rate:.1%}")
    summary.add_row("slot accuracy", f"{report.slot_accuracy:.1%} of {report.slot_total}")
    summary.add_row("median ms / utterance", f"{report.median_ms:.2f}")
    summary.add_row("thresholds", ", ".join(f"{k}={v:g}" for k, v in report.thresholds.items()))
    console.print(summary)

    per_intent = Table(title="Accuracy per intent")
    per_intent.add_column("intent")
    per_intent.add_column("n", justify="right")
    per_intent.add_column("accuracy", justify="right")
    for intent, (count, accuracy) in report.per_intent.items():
        per_intent.add_row(intent + (" (write)" if intent in WRITE_INTENTS else ""), str(count), f"{accuracy:.1%}")
    console.print(per_intent)

    if report.confusions:
        confusions = Table(title="Top confusions (expected -> got)")
        confusions.add_column("expected")
        confusions.add_column("got")
        confusions.add_column("count", justify="right")
        for gold, got, count in report.confusions:
            confusions.add_row(gold, got, str(count))
        console.print(confusions)
    if report.per_slot:
        slots = Table(title="Slot accuracy (labelled slots)")
        slots.add_column("slot")
        slots.add_column("n", justify="right")
        slots.add_column("accuracy", justify="right")
        for key, (count, accuracy) in report.per_slot.items():
            slots.add_row(key, str(count), f"{accuracy:.1%}")
        console.print(slots)
    if show_errors and report.errors:
        errors = Table(title="Errors")
        errors.add_column("text")
        errors.add_column("expected")
        errors.add_column("got")
        for error in report.errors:
            label = f"{error['slot']}={error['expected']}" if "slot" in error else error["expected"]
            got = error["got"] if "slot" in error else f"{error['got']} ({error['confidence']})"
            errors.add_row(escape(error["text"]), escape(label), escape(got))
        console.print(errors)


def run_eval(
    path: Path,
    out: TextIO,
    *,
    router: Router | None = None,
    today: date,
    show_errors: bool = False,
) -> EvalReport:
    """``backoffice eval nlu FILE.jsonl``: evaluate the router on a labelled file and print the tables."""
    report = evaluate(read_labelled(path), router or get_router(), today=today)
    print_report(report, out, show_errors=show_errors)
    return report


# ----- CLINC150 -----------------------------------------------------------------------------------------------------


@dataclass
class ClincReport:
    """Figures of the router on one CLINC150 split."""

    model: str
    split: str
    thresholds: dict[str, float]
    metrics: ClincMetrics
    ms_per_utterance: float

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly form."""
        return {
            "model": self.model,
            "split": self.split,
            "thresholds": self.thresholds,
            "metrics": self.metrics.as_dict(),
            "ms_per_utterance": self.ms_per_utterance,
        }


def print_clinc_report(report: ClincReport, out: TextIO) -> None:
    """Print a :class:`ClincReport` as readable tables."""
    console = Console(file=out, width=110, highlight=False)
    metrics = report.metrics
    table = Table(title=f"CLINC150 {report.split} — {report.model}", show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row(
        "in-scope accuracy (pto_* -> leave.*)", f"{metrics.in_scope_accuracy:.1%} of {metrics.in_scope_count}"
    )
    for intent, accuracy in metrics.per_intent.items():
        clinc_name = next(name for name, ours in CLINC_TO_INTENT.items() if ours == intent)
        table.add_row(f"  {clinc_name} -> {intent}", f"{accuracy:.1%}")
    table.add_row(
        "false-write rate (out of scope -> write)",
        f"{metrics.false_write_rate:.2%} ({metrics.false_write_count} of {metrics.out_of_scope_count})",
    )
    table.add_row("out-of-scope recall (other domains -> none)", f"{metrics.out_of_scope_recall:.1%}")
    table.add_row("ms / utterance (batched)", f"{report.ms_per_utterance:.2f}")
    table.add_row("thresholds", ", ".join(f"{k}={v:g}" for k, v in report.thresholds.items()))
    console.print(table)
    unmapped = Table(title="Unmapped CLINC work intents: where they went")
    unmapped.add_column("routed to")
    unmapped.add_column("count", justify="right")
    for intent, count in metrics.unmapped_routes.items():
        unmapped.add_row(intent, str(count))
    console.print(unmapped)


def run_eval_clinc(
    out: TextIO,
    *,
    data_dir: Path = DEFAULT_CLINC_DIR,
    split: str = "val",
    router: Router | None = None,
    cache_dir: Path | None = None,
) -> ClincReport:
    """Evaluate the router on a CLINC150 split (``val`` by default; thresholds were calibrated on ``train``)."""
    router = router or get_router()
    router.fit()
    data = load_clinc(split, data_dir)
    start = time.perf_counter()
    vectors = embed_cached(router.embedder, data.texts, cache_dir)
    scores = router.scores(data.texts, vectors)
    predicted = predicted_labels(scores, router.thresholds)
    elapsed_ms = (time.perf_counter() - start) * 1000
    report = ClincReport(
        model=router.model_name,
        split=split,
        thresholds=router.thresholds.as_dict(),
        metrics=clinc_metrics(predicted, data),
        ms_per_utterance=elapsed_ms / max(len(data.texts), 1),
    )
    print_clinc_report(report, out)
    return report


def run_calibrate(
    out: TextIO,
    *,
    data_dir: Path = DEFAULT_CLINC_DIR,
    router: Router | None = None,
    cache_dir: Path | None = None,
) -> Calibration:
    """Calibrate the out-of-scope gates on CLINC150 train and print the chosen thresholds."""
    router = router or get_router()
    result = calibrate(router, data_dir, cache_dir=cache_dir)
    console = Console(file=out, width=110, highlight=False)
    table = Table(title=f"Calibration on CLINC150 train — {router.model_name}", show_header=False)
    table.add_column("figure")
    table.add_column("value", justify="right")
    table.add_row("thresholds", ", ".join(f"{k}={v:g}" for k, v in result.thresholds.as_dict().items()))
    table.add_row("train in-scope accuracy", f"{result.train.in_scope_accuracy:.1%}")
    table.add_row("train false-write rate", f"{result.train.false_write_rate:.2%}")
    table.add_row("train out-of-scope recall", f"{result.train.out_of_scope_recall:.1%}")
    table.add_row("own examples, out-of-fold accuracy", f"{result.own_accuracy:.1%}")
    table.add_row("settings tried / feasible", f"{result.candidates} / {result.feasible}")
    console.print(table)
    return result


__all__ = [
    "UNMAPPED_PREFIX",
    "BadEvaluationFile",
    "ClincReport",
    "EvalReport",
    "LabelledUtterance",
    "evaluate",
    "print_clinc_report",
    "print_report",
    "read_labelled",
    "run_calibrate",
    "run_eval",
    "run_eval_clinc",
    "run_nlu",
]
