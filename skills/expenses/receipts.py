"""Receipt files: checked (an image Pillow can read, or a PDF; at most the configured size), hashed (SHA-256, for
duplicate detection) and kept under ``BACKOFFICE_HOME/receipts/`` named by their hash, so the same file is stored
once whoever sends it."""

from __future__ import annotations

import hashlib
from io import BytesIO
from pathlib import Path

from skills.expenses.errors import ReceiptUnreadable
from skills.expenses.rules import Receipt
from skills.i18n import translate

IMAGE_TYPES = {"JPEG": ("image/jpeg", "jpg"), "PNG": ("image/png", "png"), "GIF": ("image/gif", "gif"),
               "WEBP": ("image/webp", "webp"), "TIFF": ("image/tiff", "tif"), "BMP": ("image/bmp", "bmp")}  # fmt: skip
PDF = ("application/pdf", "pdf")


def receipts_dir(home: Path) -> Path:
    """Where receipts are kept: ``<BACKOFFICE_HOME>/receipts``."""
    return home / "receipts"


def sniff(content: bytes) -> tuple[str, str] | None:
    """(MIME type, extension) of a receipt's bytes when it is a PDF or an image Pillow reads, else None."""
    if content.startswith(b"%PDF-"):
        return PDF
    from PIL import Image, UnidentifiedImageError

    try:
        with Image.open(BytesIO(content)) as image:
            image.verify()
            kind = image.format or ""
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return None
    return IMAGE_TYPES.get(kind)


def store(content: bytes, *, home: Path, max_bytes: int, lang: str, declared_type: str = "") -> Receipt:
    """Check and keep a receipt's bytes; ReceiptUnreadable (in ``lang``) says why it cannot be used."""
    if len(content) > max_bytes:
        why = translate(lang, "expenses.receipt.too_big", size=f"{len(content) / 1048576:.1f}",
                        limit=f"{max_bytes / 1048576:.0f}")  # fmt: skip
        raise ReceiptUnreadable(why=why)
    found = sniff(content)
    if found is None:
        raise ReceiptUnreadable(why=translate(lang, "expenses.receipt.bad_type", kind=declared_type or "?"))
    content_type, extension = found
    digest = hashlib.sha256(content).hexdigest()
    folder = receipts_dir(home)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{digest}.{extension}"
    if not path.exists():
        path.write_bytes(content)
    return Receipt(str(path), digest, content_type, len(content))


def store_path(raw: str, *, home: Path, max_bytes: int, lang: str) -> Receipt:
    """A receipt given as a file path (the terminal): read, checked and kept like a shared file."""
    path = Path(raw.strip().strip("'\"")).expanduser()
    if not path.is_file():
        raise ReceiptUnreadable(why=translate(lang, "expenses.receipt.not_found", path=raw.strip()))
    if path.stat().st_size > max_bytes:
        why = translate(lang, "expenses.receipt.too_big", size=f"{path.stat().st_size / 1048576:.1f}",
                        limit=f"{max_bytes / 1048576:.0f}")  # fmt: skip
        raise ReceiptUnreadable(why=why)
    return store(path.read_bytes(), home=home, max_bytes=max_bytes, lang=lang, declared_type=path.suffix)
