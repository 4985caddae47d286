"""Loading policy files (Markdown, text, HTML, PDF) into one Markdown-like shape the splitter understands.

:func:`find_documents` walks folders recursively in sorted order and keeps files with a supported suffix. It skips
``README*`` files (a folder's README describes the folder, it is not policy), hidden files and folders (``.name``)
and files whose name starts with ``_`` (drafts and notes kept next to the policies).

Markdown files lose their template tags, link targets, inline HTML and emphasis markers
(:func:`knowledge.markup.clean_markdown`). Markdown and text files may start with YAML front matter that sets who a document applies to and its language::

    ---
    audience_country: ES
    audience_department: all
    lang: es
    ---
"""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from knowledge.markup import clean_markdown
from knowledge.types import ALL

SUPPORTED_SUFFIXES = frozenset({".md", ".markdown", ".txt", ".html", ".htm", ".pdf"})
"""File suffixes :func:`load_document` can read (compared case-insensitively)."""

MAX_BYTES = 20 * 1024 * 1024
"""Files above this size are refused (a policy is text; a 20 MB file is almost surely a mistake)."""

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)
_H1 = re.compile(r"^#[ \t]+(.+?)[ \t#]*$", re.MULTILINE)
_WORD = re.compile(r"[a-záéíóúüñ]+")
_SPANISH = frozenset(
    "el la los las de del que y en un una por para con se su sus es al lo como más pero o este esta "
    "son está hace cada sin sobre también tu tus desde hasta según".split()
)
_ENGLISH = frozenset(
    "the of and to in a is that for it on with as are be this by or you your from at an not if have "
    "will can any must when each".split()
)


class DocumentError(Exception):
    """A file that cannot be indexed, with a reason a person can act on."""

    def __init__(self, path: Path, reason: str) -> None:
        super().__init__(f"{path.name}: {reason}")
        self.path = path
        self.reason = reason


@dataclass(frozen=True)
class SourceDocument:
    """One policy file as text with ``#`` headings, plus who it applies to and a hash of its bytes."""

    path: Path
    source: str
    title: str
    text: str
    lang: str
    audience_country: str
    audience_department: str
    content_hash: str


def is_kept(path: Path) -> bool:
    """Whether :func:`find_documents` would keep the file ``path`` (supported suffix, not a README/hidden/_ file)."""
    return not _set_aside(path) and path.suffix.lower() in SUPPORTED_SUFFIXES


def _set_aside(path: Path) -> bool:
    """A README, hidden or ``_``-prefixed file: left out on purpose, whatever its type."""
    name = path.name
    return name.startswith((".", "_")) or name.upper().startswith("README")


def _files_under(paths: Path | str | Iterable[Path | str]) -> Iterator[Path]:
    """Every file named or under the folders named (recursively, sorted; hidden folders skipped), absolute."""
    for given in [paths] if isinstance(paths, str | Path) else paths:
        root = Path(given).expanduser().resolve()
        if root.is_file():
            yield root
        elif root.is_dir():
            for path in sorted(root.rglob("*")):
                relative = path.relative_to(root)
                if any(part.startswith(".") for part in relative.parts[:-1]):
                    continue
                if path.is_file():
                    yield path


def find_documents(paths: Path | str | Iterable[Path | str]) -> list[Path]:
    """The kept files under ``paths`` (folders walked recursively, sorted), absolute and without duplicates.

    Paths that do not exist are left out (the ingest reports them); an explicitly named file is kept when
    :func:`is_kept` accepts it.
    """
    return list(dict.fromkeys(path for path in _files_under(paths) if is_kept(path)))


def unsupported_documents(paths: Path | str | Iterable[Path | str]) -> list[Path]:
    """The files under ``paths`` that are not left out on purpose but are of a type the index cannot read (a
    ``.docx``, a spreadsheet): the ingest names them, so nobody thinks they were indexed."""
    return list(
        dict.fromkeys(
            path
            for path in _files_under(paths)
            if not _set_aside(path) and path.suffix.lower() not in SUPPORTED_SUFFIXES
        )
    )


def guess_language(text: str) -> str:
    """``"es"`` when common Spanish words outnumber common English ones in ``text``, else ``"en"``."""
    words = _WORD.findall(text[:20_000].lower())
    spanish = sum(word in _SPANISH for word in words)
    english = sum(word in _ENGLISH for word in words)
    return "es" if spanish > english else "en"


def _split_front_matter(path: Path, text: str) -> tuple[dict[str, Any], str]:
    """The YAML front matter of ``text`` (empty when there is none) and the text after it."""
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    try:
        data = yaml.safe_load(match.group(1)) or {}
    except yaml.YAMLError as error:
        raise DocumentError(path, f"the front matter is not valid YAML ({error.__class__.__name__})") from error
    if not isinstance(data, dict):
        raise DocumentError(path, "the front matter must be a YAML mapping (key: value lines)")
    return data, text[match.end() :]


def _audience_value(value: Any) -> str:
    """A front-matter audience value as our metadata string: ``all``, one value, or a comma-separated list."""
    if value is None:
        return ALL
    if isinstance(value, list | tuple | set):
        parts = [str(part).strip() for part in value if str(part).strip()]
        return ",".join(parts) if parts else ALL
    text = str(value).strip()
    return text or ALL


def _decode(path: Path, data: bytes) -> str:
    """``data`` as UTF-8 text (a byte-order mark is dropped)."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise DocumentError(path, f"not UTF-8 text (bad byte at offset {error.start}); save it as UTF-8") from error


def _text_title(text: str) -> str | None:
    """The first ``# `` heading of Markdown-like ``text``."""
    match = _H1.search(text)
    return match.group(1).strip() if match else None


def _read_html(data: bytes) -> tuple[str | None, str]:
    """The title and Markdown-like text of an HTML page (headings as ``#``, tables as ``| a | b |`` rows)."""
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(data, "html.parser")
    for unwanted in soup(["script", "style", "noscript", "template"]):
        unwanted.decompose()
    title_tag = soup.find("title")
    title = title_tag.get_text(" ", strip=True) if isinstance(title_tag, Tag) else None
    if soup.head is not None:
        soup.head.decompose()
    headings = {f"h{level}": level for level in range(1, 7)}
    blocks = ("p", "li", "pre", "blockquote", "dt", "dd", "caption", "tr", *headings)
    lines: list[str] = []
    for element in soup.find_all([*blocks, "div"]):
        if any(parent.name in blocks for parent in element.parents):
            continue  # its text is already part of an outer block
        name = element.name
        if name == "div" and element.find([*blocks, "div"]) is not None:
            continue  # only a div holding bare text is a paragraph of its own
        if name == "tr":
            cells = [cell.get_text(" ", strip=True).replace("|", "/") for cell in element.find_all(["th", "td"])]
            if not any(cells):
                continue
            if lines and not lines[-1].startswith("|"):
                lines.append("")
            lines.append("| " + " | ".join(cells) + " |")
            if all(cell.name == "th" for cell in element.find_all(["th", "td"])):
                lines.append("|" + "---|" * len(cells))
            continue
        text = element.get_text("\n" if name == "pre" else " ", strip=name != "pre")
        if not text.strip():
            continue
        if lines and lines[-1].startswith("|"):
            lines.append("")
        if name in headings:
            lines.extend(["", "#" * headings[name] + " " + " ".join(text.split()), ""])
        elif name == "li":
            lines.append("- " + " ".join(text.split()))
        elif name == "pre":
            lines.extend(["", text.strip("\n"), ""])
        else:
            lines.extend(["", " ".join(text.split()), ""])
    body = "\n".join(lines)
    if not body.strip():
        body = soup.get_text("\n", strip=True)
    if title is None:
        first = soup.find("h1")
        title = first.get_text(" ", strip=True) if isinstance(first, Tag) else None
    return title or None, re.sub(r"\n{3,}", "\n\n", body).strip() + "\n"


def _read_pdf(path: Path, data: bytes) -> tuple[str | None, str]:
    """The metadata title and the page texts of a PDF (pages separated by blank lines)."""
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise DocumentError(path, "the PDF is encrypted")
        pages = [(page.extract_text() or "").strip() for page in reader.pages]
        metadata = reader.metadata
        title = str(metadata.title).strip() if metadata is not None and metadata.title else None
    except DocumentError:
        raise
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise DocumentError(path, f"unreadable PDF ({error.__class__.__name__}: {error})") from error
    text = "\n\n".join(page for page in pages if page)
    if not text.strip():
        raise DocumentError(path, "the PDF has no extractable text (a scan? run OCR first)")
    if title is None:
        title = next((line.strip() for line in text.splitlines() if line.strip()), None)
    return title, text + "\n"


def load_document(path: Path | str) -> SourceDocument:
    """Read one policy file; raises :class:`DocumentError` with a human reason when it cannot be indexed."""
    path = Path(path).expanduser().resolve()
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        supported = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise DocumentError(path, f"unsupported file type {suffix or '(none)'!r}; supported: {supported}")
    try:
        size = path.stat().st_size
        if size > MAX_BYTES:
            raise DocumentError(path, f"too large ({size / 1024 / 1024:.1f} MB; the limit is 20 MB)")
        data = path.read_bytes()
    except OSError as error:
        raise DocumentError(path, f"cannot be read ({error.strerror or error})") from error
    if not data.strip():
        raise DocumentError(path, "the file is empty")
    content_hash = hashlib.sha256(data).hexdigest()
    front: Mapping[str, Any] = {}
    if suffix == ".pdf":
        title, text = _read_pdf(path, data)
    elif suffix in {".html", ".htm"}:
        title, text = _read_html(data)
    else:
        front, text = _split_front_matter(path, _decode(path, data))
        if suffix in {".md", ".markdown"}:
            text = clean_markdown(text)
        title = _text_title(text)
    if not text.strip():
        raise DocumentError(path, "the file has no text")
    lang = str(front.get("lang") or "").strip().lower() or guess_language(text)
    return SourceDocument(
        path=path,
        source=path.name,
        title=str(front.get("title") or "").strip() or title or path.stem,
        text=text,
        lang=lang,
        audience_country=_audience_value(front.get("audience_country")),
        audience_department=_audience_value(front.get("audience_department")),
        content_hash=content_hash,
    )
