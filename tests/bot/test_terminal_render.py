from typing import Any

from bot.terminal.render import Choice, render_blocks


def test_blocks_become_lines_and_numbered_choices():
    blocks: list[dict[str, Any]] = [
        {"type": "header", "text": {"type": "plain_text", "text": "Leave request"}},
        {
            "type": "section",
            "text": {"type": "mrkdwn", "text": "*Dates:* Dec 3-5"},
            "fields": [{"type": "mrkdwn", "text": "3 days"}],
        },
        {"type": "divider"},
        {"type": "context", "elements": [{"type": "mrkdwn", "text": "balance after: 12"}]},
        {
            "type": "actions",
            "elements": [
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Confirm"},
                    "action_id": "leave.confirm",
                    "value": "9",
                },
                {
                    "type": "button",
                    "text": {"type": "plain_text", "text": "Cancel"},
                    "action_id": "leave.cancel",
                    "value": "9",
                },
            ],
        },
    ]
    lines, choices = render_blocks(blocks)
    assert lines == ["Leave request", "Dates: Dec 3-5", "3 days", "  ---", "  balance after: 12"]
    assert choices == [Choice("Confirm", "leave.confirm", "9"), Choice("Cancel", "leave.cancel", "9")]
