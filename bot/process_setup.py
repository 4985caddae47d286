"""What a command sets up in its own process before it works: the log files and numpy's thread count.

Kept apart from ``bot.runtime`` (which imports the assistant and every skill) so one-shot commands such as
``backoffice ask`` can set their process up without loading what they do not use.
"""

from __future__ import annotations

import logging
import logging.handlers

from bot.settings import Settings

ROUTING_LOGGER = "backoffice.routing"
"""One JSON line per routing decision, kept in its own ``logs/routing.jsonl`` (``bot.nlu.router``)."""


def not_routing(record: logging.LogRecord) -> bool:
    """Keep routing decisions out of the general log and the console: they have their own file, and writing each
    message's decision three times was 6 % of ``serve``'s CPU at 50 concurrent conversations (py-spy)."""
    return not record.name.startswith(ROUTING_LOGGER)


def configure_logging(
    settings: Settings, *, to_console: bool, level: int = logging.INFO, file_name: str = "backoffice.log"
) -> None:
    """Log to ``BACKOFFICE_HOME/logs/backoffice.log`` (or ``file_name``; stderr too for servers), routing decisions
    apart; users never see tracebacks."""
    log_dir = settings.home / "logs"
    log_dir.mkdir(parents=True, exist_ok=True)
    handlers: list[logging.Handler] = [
        logging.handlers.RotatingFileHandler(log_dir / file_name, maxBytes=5_000_000, backupCount=3)
    ]
    if to_console:
        handlers.append(logging.StreamHandler())
    for handler in handlers:
        handler.addFilter(not_routing)
    logging.basicConfig(
        level=level, format="%(asctime)s %(levelname)s %(name)s: %(message)s", handlers=handlers, force=True
    )
    # APScheduler names every job by its entry point ("run_registered_job"), twice per run of each of a dozen jobs;
    # bot.scheduler logs each run under the job's own name, so only APScheduler's warnings are kept.
    logging.getLogger("apscheduler").setLevel(max(level, logging.WARNING))


def limit_math_threads() -> None:
    """Run numpy's BLAS on one thread: its worker threads otherwise spin on the cores request threads need.

    Measured in bench/: on 2 cores at 50 concurrent DMs this doubled throughput (BENCHMARKS.md).
    """
    import numpy  # noqa: F401  (threadpoolctl only limits libraries already loaded)
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=1, user_api="blas")
