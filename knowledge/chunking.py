"""Splitting a loaded document into heading-aware, size-bounded chunks with the metadata citations and filters need."""

from __future__ import annotations

import hashlib
import re

from langchain_core.documents import Document

from knowledge.documents import SourceDocument
from knowledge.types import ALL, POLICY, Chunk, ChunkKind, MetadataValue

CHUNK_SIZE = 800
"""Characters per chunk: a section of the handbook (a few rules) fits, and USE-m3 still sees one topic."""

CHUNK_OVERLAP = 120
"""Characters repeated between neighbouring pieces of a long section, so a rule cut in two is found from either."""

_HEADERS = [("#", "h1"), ("##", "h2"), ("###", "h3")]
_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*)*\|?\s*$")
_SEPARATORS = ["\n\n", "\n", ". ", "; ", ", ", " ", ""]


def _section_path(metadata: dict[str, object], title: str) -> str:
    """The heading path of a piece below the document's title, joined with `` > ``."""
    parts = [str(metadata[key]).strip() for key in ("h1", "h2", "h3") if metadata.get(key)]
    if parts and parts[0] == title:
        parts = parts[1:]
    return " > ".join(part for part in parts if part)


def _table_header(lines: list[str], row: int) -> list[str]:
    """The header line and rule of the Markdown table that ``lines[row]`` belongs to (empty when none)."""
    start = row
    while start > 0 and lines[start - 1].lstrip().startswith("|"):
        start -= 1
    if start + 1 < len(lines) and _TABLE_RULE.match(lines[start + 1].strip()) and start + 1 < row:
        return [lines[start], lines[start + 1]]
    return []


def _with_table_headers(body: str, pieces: list[str]) -> list[str]:
    """``pieces`` where one that starts inside a table gets the table's header rows again (so rows stay readable)."""
    lines = body.splitlines()
    out: list[str] = []
    for piece in pieces:
        piece_lines = piece.strip().splitlines()
        if len(piece_lines) == 2 and _TABLE_RULE.match(piece_lines[1].strip()):
            continue  # a bare table header: the next piece repeats it above its rows
        first = piece_lines[0] if piece_lines else ""
        if first.lstrip().startswith("|") and not _TABLE_RULE.match(first.strip()):
            row = next((i for i, line in enumerate(lines) if line == first), -1)
            header = _table_header(lines, row) if row >= 0 else []
            if header and not piece.startswith(header[0]):
                piece = "\n".join([*header, piece])
        out.append(piece)
    return out


def text_hash(text: str) -> str:
    """The sha256 hex digest of ``text`` (UTF-8)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def split_document(
    doc: SourceDocument, *, chunk_size: int = CHUNK_SIZE, overlap: int = CHUNK_OVERLAP
) -> list[Document]:
    """``doc`` as LangChain documents: one or more per section (``#``..``###``), bodies without their headings."""
    from langchain_text_splitters import MarkdownHeaderTextSplitter, RecursiveCharacterTextSplitter  # ingest only

    by_heading = MarkdownHeaderTextSplitter(headers_to_split_on=_HEADERS, strip_headers=True)
    by_size = RecursiveCharacterTextSplitter(
        chunk_size=chunk_size, chunk_overlap=overlap, separators=_SEPARATORS, keep_separator="end"
    )
    pieces: list[Document] = []
    for section in by_heading.split_text(doc.text):
        # The header splitter joins paragraphs with "  \n" (a Markdown hard break): make them paragraphs again.
        body = section.page_content.replace("  \n", "\n\n").strip()
        if not body:
            continue
        path = _section_path(section.metadata, doc.title)
        for text in _with_table_headers(body, by_size.split_text(body)):
            text = text.strip()
            if not text:
                continue
            metadata: dict[str, MetadataValue] = {
                "source": doc.source,
                "path": str(doc.path),
                "title": doc.title,
                "section": path,
                "kind": POLICY,
                "lang": doc.lang,
                "audience_country": doc.audience_country or ALL,
                "audience_department": doc.audience_department or ALL,
                "content_hash": text_hash(text),
                "doc_hash": doc.content_hash,
            }
            pieces.append(Document(page_content=text, metadata=metadata))
    return pieces


def embedding_text(text: str, metadata: dict[str, MetadataValue] | None) -> str:
    """What gets embedded for a chunk: ``title > section`` on a first line, then the body (context for short rows)."""
    metadata = metadata or {}
    heading = " > ".join(str(part) for part in (metadata.get("title"), metadata.get("section")) if part)
    return f"{heading}\n{text}" if heading else text


def to_chunk(document: Document, id: str) -> Chunk:
    """A LangChain document from :func:`split_document` (or the index) as our :class:`~knowledge.types.Chunk`."""
    metadata = dict(document.metadata)
    kind_value = str(metadata.get("kind") or POLICY)
    kind: ChunkKind = "hr_answer" if kind_value == "hr_answer" else POLICY
    return Chunk(
        id=id,
        text=document.page_content,
        source=str(metadata.get("source", "")),
        title=str(metadata.get("title", "")),
        section=str(metadata.get("section", "")),
        kind=kind,
        lang=str(metadata.get("lang") or "en"),
        metadata={key: value for key, value in metadata.items() if isinstance(value, str | int | float | bool)},
    )
