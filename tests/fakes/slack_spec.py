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


@dataclass(frozen=True)
class MethodSpec:
    """One Web API method: its name and the arguments a call must carry (the token aside)."""

    name: str
    required: tuple[str, ...]


@cache
def load_methods(path: Path = SPEC_PATH) -> dict[str, MethodSpec]:
    """Read the spec's `paths` into {method name: MethodSpec}."""
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
        methods[name] = MethodSpec(name=name, required=tuple(required))
    return methods


def missing_arguments(spec: MethodSpec, params: Mapping[str, Any]) -> list[str]:
    """The required arguments absent (or empty) in `params`."""
    return [name for name in spec.required if params.get(name) in (None, "")]
