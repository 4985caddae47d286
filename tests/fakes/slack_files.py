"""Files in the Slack emulator, as Slack's docs describe them: a person's upload (what a ``file_share`` message
carries), ``files.info``, the private download (``url_private`` / ``url_private_download``, only with a token in an
``Authorization: Bearer`` header), and the bot's upload in three steps (``files.getUploadURLExternal``, a POST of
the bytes to the URL it returned, ``files.completeUploadExternal`` sharing it in a channel or thread)."""

from __future__ import annotations

import itertools
import json
import threading
from dataclasses import dataclass, field
from typing import Any

FILETYPES = {"image/png": ("png", "PNG"), "image/jpeg": ("jpg", "JPEG"), "application/pdf": ("pdf", "PDF"),
             "text/plain": ("text", "Plain Text")}  # fmt: skip


def _failure(error: str, **extra: Any) -> Exception:
    from tests.fakes.slack_workspace import SlackApiFailure  # the workspace holds a FileStore: import it late

    return SlackApiFailure(error, **extra)


@dataclass
class FileStore:
    """Every file of the workspace: its public object, its bytes, and uploads started but not completed."""

    base_url: str = ""
    objects: dict[str, dict[str, Any]] = field(default_factory=dict)
    contents: dict[str, bytes] = field(default_factory=dict)
    pending: dict[str, dict[str, Any]] = field(default_factory=dict)
    downloads: list[tuple[str, str | None]] = field(default_factory=list)
    """Every download attempt: (file id, the bearer token it carried)."""
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def new_id(self) -> str:
        with self._lock:
            return f"F0{next(self._ids):08d}"

    def add(self, *, user: str, name: str, mimetype: str, content: bytes, title: str = "", created: int = 0,
            file_id: str | None = None) -> dict[str, Any]:  # fmt: skip
        """Store a file and return its object (as ``files.info`` and ``file_share`` events show it)."""
        file_id = file_id or self.new_id()
        filetype, pretty = FILETYPES.get(mimetype, ("binary", "Binary"))
        private = f"{self.base_url}/files-pri/T0BACKOFF-{file_id}/{name}"
        obj = {
            "id": file_id, "created": created, "timestamp": created, "name": name, "title": title or name,
            "mimetype": mimetype, "filetype": filetype, "pretty_type": pretty, "user": user, "user_team": "T0BACKOFF",
            "editable": False, "size": len(content), "mode": "hosted", "is_external": False, "external_type": "",
            "is_public": False, "public_url_shared": False, "display_as_bot": False, "username": "",
            "url_private": private, "url_private_download": f"{private}?download=1",
            "permalink": f"{self.base_url}/files/{user}/{file_id}/{name}", "has_rich_preview": False,
            "file_access": "visible",
        }  # fmt: skip
        with self._lock:
            self.objects[file_id] = obj
            self.contents[file_id] = content
        return dict(obj)

    def info(self, file_id: str) -> dict[str, Any]:
        with self._lock:
            found = self.objects.get(file_id)
        if found is None:
            raise _failure("file_not_found")
        return dict(found)

    def download(self, path: str, token: str | None, tokens: set[str]) -> tuple[int, bytes, str]:
        """GET of a ``url_private``: the bytes for a valid bearer token; Slack answers others with its sign-in page."""
        file_id = path.removeprefix("/files-pri/").split("/", 1)[0].split("-", 1)[-1]
        with self._lock:
            self.downloads.append((file_id, token))
            content = self.contents.get(file_id)
            mimetype = self.objects.get(file_id, {}).get("mimetype", "application/octet-stream")
        if content is None:
            return 404, b"not found", "text/plain"
        if token not in tokens:
            return 200, b"<!DOCTYPE html><html><body>Sign in to Slack</body></html>", "text/html; charset=utf-8"
        return 200, content, mimetype

    def start_upload(self, filename: str, length: str) -> dict[str, Any]:
        if not str(length).isdigit() or int(length) <= 0:
            raise _failure("invalid_arguments", errors=["length must be a positive integer"])
        file_id = self.new_id()
        with self._lock:
            self.pending[file_id] = {"filename": filename, "length": int(length), "content": None}
        return {"upload_url": f"{self.base_url}/upload/v1/{file_id}", "file_id": file_id}

    def receive_upload(self, path: str, body: bytes) -> tuple[int, bytes]:
        file_id = path.rstrip("/").rsplit("/", 1)[-1]
        with self._lock:
            upload = self.pending.get(file_id)
            if upload is None:
                return 404, b"unknown upload"
            if len(body) != upload["length"]:
                return 400, b"length mismatch"
            upload["content"] = body
        return 200, f"OK - {len(body)}".encode()

    def complete(self, raw_files: Any, user: str) -> list[dict[str, Any]]:
        files = json.loads(raw_files) if isinstance(raw_files, str) else raw_files
        if not isinstance(files, list) or not files:
            raise _failure("invalid_arguments", errors=["files must be a non-empty JSON array"])
        done = []
        for entry in files:
            with self._lock:
                upload = self.pending.pop(str(entry.get("id")), None)
            if upload is None or upload["content"] is None:
                raise _failure("file_not_found")
            content: bytes = upload["content"]
            mimetype = "image/png" if content.startswith(b"\x89PNG") else "application/octet-stream"
            done.append(self.add(user=user, name=upload["filename"], mimetype=mimetype, content=content,
                                 title=str(entry.get("title") or upload["filename"]), file_id=str(entry["id"])))  # fmt: skip
        return done
