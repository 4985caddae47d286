"""Slack's published Web API spec (OpenAPI v2, vendored): which methods exist and which arguments they need."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

SPEC_PATH = Path(__file__).parent / "slack_spec" / "slack_web_openapi_v2.json"
MANIFEST_PATH = Path(__file__).parents[2] / "manifest.yml"

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

# The bot scopes of the newer methods (Slack's method reference; the vendored spec lists the others).
NEWER_SCOPES: dict[str, tuple[str, ...]] = {
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
}

# The spec names some scopes as they were before granular bot permissions; an app's manifest names them like this.
BOT_SCOPE_NAMES = {"chat:write:bot": "chat:write", "chat:write:user": "chat:write", "files:write:user": "files:write"}

# Methods that take only an app-level token ("xapp-…"); every other method refuses one (not_allowed_token_type).
APP_TOKEN_METHODS = frozenset({"apps.connections.open", "apps.event.authorizations.list"})


@dataclass(frozen=True)
class MethodSpec:
    """One Web API method: its name, the arguments a call must carry (the token aside), and its token type."""

    name: str
    required: tuple[str, ...]
    app_token: bool = False
    scopes: frozenset[str] = frozenset()
    """Any one of these bot scopes lets a bot token call it (empty: no scope needed)."""


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
        scopes = {
            BOT_SCOPE_NAMES.get(scope, scope)
            for operation in operations.values()
            for security in operation.get("security", [])
            for listed in security.values()
            for scope in listed
            if scope != "none"
        }
        methods[name] = MethodSpec(
            name=name, required=tuple(required), app_token=name in APP_TOKEN_METHODS, scopes=frozenset(scopes)
        )
    for name, required_newer in NEWER_METHODS.items():
        methods.setdefault(
            name,
            MethodSpec(
                name=name,
                required=required_newer,
                app_token=name in APP_TOKEN_METHODS,
                scopes=frozenset(NEWER_SCOPES.get(name, ())),
            ),
        )
    return methods


def scopes_needed(spec: MethodSpec, conversation_kind: str | None) -> frozenset[str]:
    """The scopes of which one must be granted for this call: for a method that reads or writes any kind of
    conversation (``channels:history``, ``groups:history``, ``im:history``, ...), only the one of the conversation
    it names (``im``, ``channels``, ``groups``); otherwise the spec's."""
    kinds = {scope.split(":", 1)[0] for scope in spec.scopes}
    actions = {scope.split(":", 1)[1] for scope in spec.scopes if ":" in scope}
    if conversation_kind is not None and {"channels", "groups", "im"} <= kinds and len(actions) == 1:
        return frozenset({f"{conversation_kind}:{actions.pop()}"})
    return spec.scopes


def every_scope() -> frozenset[str]:
    """Every bot scope any method of the spec needs: a token that may call anything (the emulator's own tests)."""
    return frozenset(scope for spec in load_methods().values() for scope in spec.scopes)


@cache
def manifest_bot_scopes(path: Path = MANIFEST_PATH) -> frozenset[str]:
    """The bot scopes the app's manifest asks for: what a workspace that installed it granted the bot token."""
    manifest = yaml.safe_load(path.read_text(encoding="utf-8"))
    return frozenset(manifest["oauth_config"]["scopes"]["bot"])


def missing_arguments(spec: MethodSpec, params: Mapping[str, Any]) -> list[str]:
    """The required arguments absent (or empty) in `params`."""
    return [name for name in spec.required if params.get(name) in (None, "")]
