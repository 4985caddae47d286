"""Markdown noise removed before a policy page is split: template tags, link targets, inline HTML, escapes, emphasis.

Handbooks published with a static-site generator (Jekyll, Eleventy) mix their prose with markup that is not policy:
``{% include … %}`` and ``{% image … %}`` tags, ``[text]({% page "…" %})`` links, ``<a href>`` and ``<br/>`` tags,
``\\-`` escapes and ``**bold**``. Indexed as it is, that markup becomes keywords ("docs", "google", "edit") and
quotes full of URLs. :func:`clean_markdown` keeps the words a reader sees and drops the rest; headings, bullets,
numbered steps and table rows keep their Markdown shape, so the splitter and the quoting still see them.
"""

from __future__ import annotations

import re

_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_SLACK_CHANNEL = re.compile(r"\{%-?\s*slack_channel\s+[\"']([^\"']+)[\"'][^%]*-?%\}")
_TEMPLATE_TAG = re.compile(r"\{%.*?%\}", re.DOTALL)
_TEMPLATE_VALUE = re.compile(r"\{\{.*?\}\}", re.DOTALL)
_IMAGE = re.compile(r"!\[([^\[\]]*)\]\((?:\{%.*?%\}|[^()]|\([^()]*\))*\)", re.DOTALL)
_LINK = re.compile(r"\[([^\[\]]*(?:\[[^\[\]]*\][^\[\]]*)*)\]\((?:\{%.*?%\}|[^()]|\([^()]*\))*\)", re.DOTALL)
_REFERENCE_LINK = re.compile(r"\[((?:[^\[\]\n]|\n(?![ \t]*\n))+)\]\[[^\[\]\n]*\]")
_REFERENCE_DEFINITION = re.compile(r"^[ \t]*\[[^\]\n]+\]:[ \t]+\S+.*$", re.MULTILINE)
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^>\s@]+@[^>\s]+)>")
_LINE_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_HTML_TAG = re.compile(r"</?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?/?>")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|~=<>&$])")
_HARD_BREAK = re.compile(r"\\$", re.MULTILINE)
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1", re.DOTALL)
_STAR_EMPHASIS = re.compile(r"(?<![\w*\\])\*(?=[^\s*])([^*\n]+?)(?<=[^\s*])\*(?![\w*])")
_UNDERSCORE_EMPHASIS = re.compile(r"(?<![\w\\])_(?=[^\s_])((?:[^_\n]|\n(?!\s*\n))+?)(?<=[^\s_])_(?!\w)")
_CODE = re.compile(r"`([^`\n]+)`")
_BLOCKQUOTE = re.compile(r"^([ \t]*)>[ \t]?", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n[ \t]*\n(?:[ \t]*\n)+")
_TRAILING_SPACE = re.compile(r"[ \t]+$", re.MULTILINE)
_INNER_SPACE = re.compile(r"(?<=\S)[ \t]{2,}(?=\S)")


def _unwrap(pattern: re.Pattern[str], text: str, group: int = 1) -> str:
    return pattern.sub(lambda match: match.group(group), text)


def clean_markdown(text: str) -> str:
    """``text`` with template tags, link targets, HTML tags, escapes and emphasis markers removed, words kept.

    A link keeps its text (``[leave types]({% page "/leave" %})`` -> ``leave types``), an autolink its address, a
    ``{% slack_channel "x" %}`` becomes ``#x``, an image disappears; the lines that only held a removed tag
    leave a blank line, so paragraphs stay apart.
    """
    text = _COMMENT.sub("", text)
    text = _SLACK_CHANNEL.sub(lambda match: f"#{match.group(1)}", text)
    text = _IMAGE.sub("", text)
    text = _unwrap(_LINK, text)
    text = _unwrap(_REFERENCE_LINK, text)
    text = _REFERENCE_DEFINITION.sub("", text)
    text = _TEMPLATE_TAG.sub("", text)
    text = _TEMPLATE_VALUE.sub("", text)
    text = _unwrap(_AUTOLINK, text)
    text = _LINE_BREAK_TAG.sub(" ", text)
    text = _HTML_TAG.sub("", text)
    text = _unwrap(_STRONG, text, 2)
    text = _unwrap(_STAR_EMPHASIS, text)
    text = _unwrap(_UNDERSCORE_EMPHASIS, text)
    text = _unwrap(_CODE, text)
    text = _HARD_BREAK.sub("", text)
    text = _unwrap(_ESCAPE, text)
    text = _BLOCKQUOTE.sub(r"\1", text)
    text = _TRAILING_SPACE.sub("", text)
    text = "\n".join(
        _INNER_SPACE.sub(" ", line) if not line.lstrip().startswith("|") else line for line in text.split("\n")
    )
    return _BLANK_RUN.sub("\n\n", text).strip() + "\n"
