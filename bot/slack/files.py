"""Files in and out of Slack: a file someone shared is looked up with ``files.info`` and its ``url_private`` is
downloaded with the bot token (an ``Authorization: Bearer`` header, as Slack requires); a reply's file (a chart)
goes up through ``files.getUploadURLExternal`` + ``files.completeUploadExternal`` (slack_sdk's ``files_upload_v2``)."""

from __future__ import annotations

import logging
import urllib.request
from typing import Any

from slack_sdk import WebClient
from slack_sdk.errors import SlackApiError

from skills.core import ReplyFile, SharedFile

log = logging.getLogger(__name__)
MAX_DOWNLOAD = 20 * 1024 * 1024
"""Never read more than this of a shared file (the skill checks its own, smaller, limit)."""


def download_shared(client: WebClient, shared: dict[str, Any], max_bytes: int = MAX_DOWNLOAD) -> SharedFile | None:
    """The bytes of a file from a ``file_share`` event (None when Slack will not give it to us)."""
    try:
        info = client.files_info(file=str(shared.get("id") or ""))["file"]
    except SlackApiError as error:
        log.warning("files.info failed for %s: %s", shared.get("id"), error.response.get("error"))
        return None
    url = str(info.get("url_private_download") or info.get("url_private") or "")
    if not url.startswith(("https://", "http://")):
        return None
    request = urllib.request.Request(url, headers={"Authorization": f"Bearer {client.token}"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            kind = response.headers.get_content_type()
            content = response.read(max_bytes + 1)
    except OSError as error:
        log.warning("downloading %s failed: %s", info.get("id"), error)
        return None
    if kind == "text/html" and not str(info.get("mimetype", "")).startswith("text/html"):
        log.warning("Slack answered the download of %s with a web page (token without files:read?)", info.get("id"))
        return None
    return SharedFile(name=str(info.get("name") or "file"), mimetype=str(info.get("mimetype") or kind),
                      content=content)  # fmt: skip


def upload_reply_file(client: WebClient, file: ReplyFile, channel: str, thread_ts: str | None) -> None:
    """Share a reply's file in the conversation (in the thread when there is one)."""
    client.files_upload_v2(content=file.content, filename=file.name, title=file.title, channel=channel,
                           thread_ts=thread_ts)  # fmt: skip
