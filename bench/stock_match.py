"""``python -m bench.stock_match [--embeddings]``: item-match accuracy on the labelled stock lookups
(tests/data/stock_lookups.jsonl, written before the matching was tuned), tuning split and held-out split apart.

The demo catalog (bot/demo/stock.py) is imported into a throwaway SQLite database; each lookup goes through the
same path as the bot's (the router's extractors, then ``skills.stock.resolve.lookup_matches``). A lookup counts as
right when exactly one item matched and it is the labelled SKU, or nothing matched and the label is ``none``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
from collections import defaultdict
from collections.abc import Callable
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from bot.demo.places import seed_places
from bot.demo.stock import seed_stock
from db.engine import Database
from db.migrate import upgrade
from skills.common.extract import extract_slots
from skills.stock.matching import ItemMatches
from skills.stock.resolve import lookup_matches

LOOKUPS = Path(__file__).resolve().parent.parent / "tests" / "data" / "stock_lookups.jsonl"
MOMENT = datetime(2026, 11, 25, 10, 0, tzinfo=UTC)


def read_lookups(path: Path = LOOKUPS) -> list[dict[str, str]]:
    """The labelled lookups: text, lang, sku (or ``none``), split (``tune`` or ``held_out``)."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def predicted(found: ItemMatches) -> str:
    """The SKU one matched item has, ``none`` when nothing matched, ``ambiguous`` when several did."""
    if found.best is not None:
        return found.best.sku
    return "ambiguous" if found.matched else "none"


Matcher = Callable[[Any, str, dict[str, Any]], ItemMatches]


def evaluate(matcher: Matcher = lookup_matches) -> dict[str, Any]:
    """Accuracy per split and language, and every miss, on a fresh demo catalog."""
    rows = read_lookups()
    with tempfile.TemporaryDirectory() as folder:
        database = Database(f"sqlite:///{folder}/match.db")
        upgrade(database.engine)
        results: dict[str, list[bool]] = defaultdict(list)
        misses: list[dict[str, str]] = []
        with database.session() as session:
            seed_places(session, MOMENT)
            seed_stock(session, MOMENT)
            session.flush()
            for row in rows:
                locale = "es-ES" if row["lang"] == "es" else "en-US"
                slots = extract_slots(row["text"], today=date(2026, 11, 25), locale=locale, only={"item", "places"})
                got = predicted(matcher(session, row["text"], slots))
                right = got == row["sku"]
                for key in (row["split"], f"{row['split']}/{row['lang']}", "all"):
                    results[key].append(right)
                if not right:
                    misses.append({"text": row["text"], "split": row["split"], "expected": row["sku"], "got": got})
        database.dispose()
    accuracy = {key: (sum(hits) / len(hits), len(hits)) for key, hits in sorted(results.items())}
    return {"accuracy": accuracy, "misses": misses}


def main() -> None:
    """Print the accuracy table and the misses."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.parse_args()
    report = evaluate()
    for key, (value, count) in report["accuracy"].items():
        print(f"{key:14} {value:6.1%}  (n={count})")
    for miss in report["misses"]:
        print(f"  miss [{miss['split']}] {miss['text']!r}: expected {miss['expected']}, got {miss['got']}")


if __name__ == "__main__":
    main()
