"""Block Kit for help and the Home tab, as plain data: no database, no Slack client."""

from __future__ import annotations

from skills.blocks import section_block
from skills.core import Blocks, Capability
from skills.i18n import translate


def help_blocks(lang: str, name: str, capabilities: list[Capability]) -> Blocks:
    """The help card: greeting, how to talk to the bot, and one line per capability."""
    blocks: Blocks = [
        section_block(translate(lang, "help.greeting", name=name)),
        section_block(translate(lang, "help.intro")),
        {"type": "divider"},
    ]
    if capabilities:
        blocks.append(section_block(translate(lang, "help.capabilities")))
        for capability in capabilities:
            example = translate(lang, "help.example", example=capability.example)
            blocks.append(section_block(f"• *{capability.title}*  {example}"))
    else:
        blocks.append(section_block(translate(lang, "help.nothing_yet")))
    blocks.append({"type": "context", "elements": [{"type": "mrkdwn", "text": translate(lang, "help.footer")}]})
    return blocks


def help_text(lang: str, name: str, capabilities: list[Capability]) -> str:
    """The plain-text fallback of the help card (notifications, screen readers)."""
    lines = [translate(lang, "help.greeting", name=name), translate(lang, "help.intro")]
    lines += [f"• {capability.title}: {capability.example}" for capability in capabilities]
    return "\n".join(lines)


def home_blocks(lang: str, capabilities: list[Capability], open_items: Blocks) -> Blocks:
    """The Home tab: what the assistant does, then "my open items" as the skills report them."""
    blocks: Blocks = [{"type": "header", "text": {"type": "plain_text", "text": translate(lang, "help.title")}}]
    blocks.append(section_block(translate(lang, "help.intro")))
    blocks += [
        section_block(f"• *{c.title}*  {translate(lang, 'help.example', example=c.example)}") for c in capabilities
    ]
    blocks += [{"type": "divider"}, section_block(translate(lang, "help.home_open_items"))]
    return blocks + (open_items or [section_block(translate(lang, "help.home_no_items"))])
