"""Files the skills share in a conversation (charts, CSV reports): in Slack the upload is the file; anywhere else
(the terminal) it is also written under ``BACKOFFICE_HOME/reports`` so the asker can open it."""

from __future__ import annotations

from pathlib import Path

from skills.core import Context


def saved_outside_slack(home: Path, context: Context, name: str, content: bytes) -> str | None:
    """Where a shared file is also written under ``home/reports`` when the asker is not in Slack (the terminal prints
    the path); None in Slack, where the upload is the file."""
    if context.via == "slack":
        return None
    folder = home / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_bytes(content)
    return str(folder / name)
