"""The optional chat model named by ``BACKOFFICE_LLM`` (LangChain's ``init_chat_model``), or None to stay offline."""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)


def chat_model_from_settings(settings: Any, purpose: str) -> Any | None:
    """The chat model ``settings.backoffice_llm`` names; None (logged, so ``purpose`` runs offline) on any problem."""
    spec = (getattr(settings, "backoffice_llm", None) or "").strip()
    if not spec:
        return None
    try:
        from langchain.chat_models import init_chat_model
    except ImportError:
        log.warning(
            "BACKOFFICE_LLM=%s needs the 'llm' extra (pip install 'backoffice[llm]'); %s offline", spec, purpose
        )
        return None
    try:
        return init_chat_model(spec, temperature=0)
    except ImportError as exc:
        log.warning("BACKOFFICE_LLM=%s: the provider package is missing (%s); %s offline", spec, exc, purpose)
    except Exception as exc:
        log.warning(
            "BACKOFFICE_LLM=%s could not be started (%s: %s); %s offline", spec, type(exc).__name__, exc, purpose
        )
    return None
