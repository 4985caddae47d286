"""Help skill handlers: answer greetings and ``help`` with what the registered skills can do."""

from __future__ import annotations

from typing import Any

from skills.base import SkillDeps
from skills.core import Blocks, Context, Reply, Request, SkillRegistry
from skills.help.views import help_blocks, help_text, home_blocks


def register(registry: SkillRegistry, deps: SkillDeps[Any]) -> None:
    """Answer the ``help`` intent with the capabilities every registered skill announced."""

    def answer_help(context: Context, _request: Request) -> list[Reply]:
        capabilities = registry.capabilities(context)
        first_name = context.employee.name.split()[0] if context.employee.name else ""
        return [
            Reply(
                text=help_text(context.lang, first_name, capabilities),
                blocks=help_blocks(context.lang, first_name, capabilities),
            )
        ]

    def home_tab(context: Context) -> Blocks:
        capabilities = registry.capabilities(context)
        return home_blocks(context.lang, capabilities, registry.open_items(context))

    registry.on_intent("help", answer_help)
    registry.on_home(home_tab)
