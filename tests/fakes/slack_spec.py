"""Slack's published Web API spec (OpenAPI v2, vendored): which methods exist and which arguments they need."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

SPEC_PATH = Path(__file__).parent / "slack_spec" / "slack_web_openapi_v2.json"

# Arguments real Slack insists on that the published spec leaves optional.
EXTRA_REQUIRED: dict[str, tuple[str, ...]] = {
    "chat.delete": ("channel", "ts"),
    "conversations.history": ("channel",),
    "conversations.info": ("channel",),
    "conversations.replies": ("channel", "ts"),
    "users.info": ("user",),
    "views.update": ("view",),
}

# Real Slack methods newer than the vendored spec (it predates Socket Mode), with their required arguments.
# Keep this list short and explicit: any other method missing from the spec still answers unknown_method.
NEWER_METHODS: dict[str, tuple[str, ...]] = {
    "apps.connections.open": (),  # https://docs.slack.dev/reference/methods/apps.connections.open
    "files.getUploadURLExternal": (
        "filename",
        "length",
    ),  # https://docs.slack.dev/reference/methods/files.getUploadURLExternal
    "files.completeUploadExternal": ("files",),  # https://docs.slack.dev/reference/methods/files.completeUploadExternal
}

# Methods that take only an app-level token ("xapp-…"); every other method refuses one (not_allowed_token_type).
APP_TOKEN_METHODS = frozenset({"apps.connections.open", "apps.event.authorizations.list"})


@dataclass(frozen=True)
class MethodSpec:
    """One Web API method: its name, the arguments a call must carry (the token aside), and its token type."""

    name: str
    required: tuple[str, ...]
    app_token: bool = False


@cache
def load_methods(path: Path = SPEC_PATH) -> dict[str, MethodSpec]:
    """Read the spec's `paths`, plus NEWER_METHODS, into {method name: MethodSpec}."""
    spec = json.loads(path.read_text(encoding="utf-8"))
    methods: dict[str, MethodSpec] = {}
    for route, operations in spec["paths"].items():
        name = route.lstrip("/")
        required: list[str] = []
        for operation in operations.values():
            for parameter in operation.get("parameters", []):
                if (
                    parameter.get("required")
                    and parameter["name"] != "token"
                    and parameter.get("in") in ("formData", "query")
                    and parameter["name"] not in required
                ):
                    required.append(parameter["name"])
        for extra in EXTRA_REQUIRED.get(name, ()):
            if extra not in required:
                required.append(extra)
        methods[name] = MethodSpec(name=name, required=tuple(required), app_token=name in APP_TOKEN_METHODS)
    for name, required_newer in NEWER_METHODS.items():
        methods.setdefault(name, MethodSpec(name=name, required=required_newer, app_token=name in APP_TOKEN_METHODS))
    return methods


def missing_arguments(spec: MethodSpec, params: Mapping[str, Any]) -> list[str]:
    """The required arguments absent (or empty) in `params`."""
    return [name for name in spec.required if params.get(name) in (None, "")]
