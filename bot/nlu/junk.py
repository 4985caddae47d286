"""Text that is not a request at all: SQL, markup, code, stack traces, shell lines, strings of symbols.

An embedding of ``'; DROP TABLE leave_requests; --`` lands near the examples that share its words ("leave",
"cancel"), so the classifier alone can send such text to a write. These checks look at the *shape* of the text
(statements, tags, call syntax, trace lines, how much of it is letters), never at a list of bad words, and the
router answers ``none`` for anything they recognise.
"""

from __future__ import annotations

import re

_SQL = re.compile(
    r"\b(?:select\b.+\bfrom|insert\s+into|update\s+\w+\s+set|delete\s+from|drop\s+(?:table|database)"
    r"|alter\s+table|create\s+table|union\s+select|exec\s+\w+)\b",
    re.IGNORECASE | re.DOTALL,
)
_INJECTION = re.compile(r"['\"]\s*(?:;|--|\bor\b\s*['\"]?\w+['\"]?\s*=)", re.IGNORECASE)
_MARKUP = re.compile(r"</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>", re.IGNORECASE)
_TRACE = re.compile(
    r"traceback \(most recent call last\)|\bfile \"[^\"]+\", line \d+|\bat [\w$.]+\([\w$.]*:\d+\)"
    r"|\b(?:[a-z]+\.)+[A-Z]\w*(?:exception|error)\b|\b\w+(?:error|exception): ",
    re.IGNORECASE,
)
_CODE = re.compile(
    r"\bdef\s+\w+\s*\(|\bfunction\s*\w*\s*\(|\b(?:var|const)\s+\w+\s*=|=>|\w+\(\)\s*[;{:]|\{\s*\"\w+\"\s*:",
    re.IGNORECASE,
)
_SHELL = re.compile(r"(?:^|\s)(?:rm|curl|wget|sudo|chmod)\s+-{1,2}\w|(?:\.\./){2,}|\b0x[0-9a-f]{2}\b", re.IGNORECASE)
MAX_SYMBOL_SHARE = 0.5
"""Above this share of symbols (neither letters nor digits) among the visible characters, a message is not words."""


def symbol_share(text: str) -> float:
    """How much of the text (spaces aside) is neither letters nor digits."""
    visible = [ch for ch in text if not ch.isspace()]
    if not visible:
        return 0.0
    return sum(not ch.isalnum() for ch in visible) / len(visible)


def looks_like_junk(text: str) -> bool:
    """Whether ``text`` is code, a query, markup, a trace, a shell line or symbols rather than something said."""
    stripped = text.strip()
    if not stripped:
        return False
    if symbol_share(stripped) > MAX_SYMBOL_SHARE:
        return True
    return any(pattern.search(stripped) is not None for pattern in (_SQL, _INJECTION, _MARKUP, _TRACE, _CODE, _SHELL))


def says_no_words(text: str) -> bool:
    """Whether ``text`` holds no letter at all ("2", "45", "12/12"): a number alone asks for nothing, though the
    classifier reads it as an expense; in a conversation the dialogue reads it as an answer before routing."""
    return bool(text.strip()) and not any(ch.isalpha() for ch in text)
