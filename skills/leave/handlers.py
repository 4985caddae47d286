"""The leave skill's registration: read intents and the Home tab, then the request and approval flow."""

from __future__ import annotations

from typing import Any

from skills.base import SkillDeps
from skills.core import SkillRegistry
from skills.leave import query_handlers, request_handlers, thread_replies


def register(registry: SkillRegistry, deps: SkillDeps[Any]) -> None:
    """Register every leave intent, button, modal, Home tab section and help capability."""
    query_handlers.register(registry)
    request_handlers.register(registry)
    thread_replies.register(registry)
