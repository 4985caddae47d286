"""Loading policy files: Markdown with front matter, text, HTML, PDF, and the errors a person can act on."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest

from knowledge.documents import DocumentError, find_documents, guess_language, load_document
from knowledge.types import ALL

HANDBOOK = Path(__file__).resolve().parents[2] / "knowledge" / "handbook"


def tiny_pdf(lines: list[str], title: str | None = None) -> bytes:
    """A minimal valid one-page PDF showing ``lines`` in Helvetica (offsets computed, so pypdf reads it cleanly)."""
    stream = "BT /F1 12 Tf 72 720 Td 14 TL " + " ".join(f"({line}) '" for line in lines) + " ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 4 0 R >> >> "
        "/Contents 5 0 R >>",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
    ]
    if title is not None:
        objects.append(f"<< /Title ({title}) >>")
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    info = f" /Info {len(objects)} 0 R" if title is not None else ""
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R{info} >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def test_handbook_markdown_has_title_language_hash_and_audience() -> None:
    leave = load_document(HANDBOOK / "leave.md")
    assert leave.source == "leave.md"
    assert leave.title == "Leave and Time Off"
    assert leave.lang == "en"
    assert leave.audience_country == ALL and leave.audience_department == ALL
    assert leave.content_hash == hashlib.sha256((HANDBOOK / "leave.md").read_bytes()).hexdigest()
    assert "22 working days of paid vacation" in leave.text

    madrid = load_document(HANDBOOK / "oficina-madrid.md")
    assert madrid.title == "Oficina de Madrid"
    assert madrid.lang == "es"
    assert madrid.audience_country == "ES"
    assert not madrid.text.startswith("---")
    assert madrid.text.startswith("# Oficina de Madrid")


def test_spanish_file_without_front_matter_is_guessed() -> None:
    assert load_document(HANDBOOK / "gastos-espana.md").lang == "es"
    assert guess_language("Las comidas de los viajes se pagan con la tarjeta de la empresa") == "es"
    assert guess_language("Meals on a trip are paid with the company card") == "en"


def test_front_matter_sets_language_audience_and_lists(tmp_path: Path) -> None:
    path = tmp_path / "nyc.md"
    path.write_text(
        "---\nlang: en\naudience_country: [US, CA]\naudience_department: Finance\ntitle: NYC rules\n---\n"
        "# Office\n\nLas reglas de la oficina de Nueva York, para que las leas.\n",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.lang == "en"  # the front matter wins over the (Spanish-looking) guess
    assert doc.audience_country == "US,CA"
    assert doc.audience_department == "Finance"
    assert doc.title == "NYC rules"
    assert doc.text.startswith("# Office")


def test_plain_text_without_heading_takes_the_file_stem(tmp_path: Path) -> None:
    path = tmp_path / "parking-rules.txt"
    path.write_text("Visitors park on level -1.\nStaff park on level -2.\n", encoding="utf-8")
    doc = load_document(path)
    assert doc.title == "parking-rules"
    assert "level -2" in doc.text
    assert doc.lang == "en"


def test_html_becomes_markdown_like_text(tmp_path: Path) -> None:
    path = tmp_path / "per-diem.html"
    path.write_text(
        "<html><head><title>Per diem</title><style>p { color: red }</style></head><body>"
        "<h1>Travel allowances</h1><p>Daily <b>meal</b> limits:</p><script>track()</script>"
        "<h2>Limits</h2><ul><li>Receipts over $25</li><li>No alcohol</li></ul>"
        "<table><tr><th>City</th><th>Limit</th></tr><tr><td>New York</td><td>$75</td></tr></table>"
        "<h3>Exceptions</h3><p>Ask Finance first.</p><div><div>Tips are included.</div></div></body></html>",
        encoding="utf-8",
    )
    doc = load_document(path)
    assert doc.title == "Per diem"
    assert "# Travel allowances" in doc.text
    assert "## Limits" in doc.text and "### Exceptions" in doc.text
    assert "- Receipts over $25" in doc.text
    assert "| New York | $75 |" in doc.text
    assert "Daily meal limits:" in doc.text
    assert doc.text.rstrip().endswith("Ask Finance first.\n\nTips are included.")
    assert "track()" not in doc.text and "color" not in doc.text


def test_pdf_text_and_metadata_title(tmp_path: Path) -> None:
    path = tmp_path / "fleet.pdf"
    path.write_bytes(tiny_pdf(["Company cars", "Fuel cards are issued by Facilities."], title="Fleet policy"))
    doc = load_document(path)
    assert doc.title == "Fleet policy"
    assert "Fuel cards are issued by Facilities." in doc.text

    untitled = tmp_path / "untitled.pdf"
    untitled.write_bytes(tiny_pdf(["Company cars", "Keep the logbook in the glovebox."]))
    assert load_document(untitled).title == "Company cars"


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("notes.docx", b"PK\x03\x04", "unsupported file type"),
        ("empty.md", b"  \n\n", "empty"),
        ("latin1.txt", "Política de gastos: año".encode("latin-1"), "not UTF-8"),
        ("broken.pdf", b"%PDF-1.4\nthis is not a pdf", "PDF"),
        ("bad-front.md", b"---\naudience_country: [ES\n---\n# Title\n", "front matter"),
    ],
)
def test_errors_carry_a_human_reason(tmp_path: Path, name: str, content: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError) as caught:
        load_document(path)
    assert reason in caught.value.reason
    assert caught.value.path.name == name


def test_too_large_files_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(20 * 1024 * 1024 + 1)
    with pytest.raises(DocumentError, match="too large"):
        load_document(path)


def test_find_documents_walks_sorted_and_skips_readme_hidden_and_underscore(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    for name in ["z.md", "a.txt", "README.md", "README.txt", "_draft.md", ".hidden.md", "image.png", "b/c.html"]:
        (tmp_path / name).write_text("# x\n", encoding="utf-8")
    (tmp_path / ".git" / "x.md").write_text("# x\n", encoding="utf-8")
    found = find_documents([tmp_path, tmp_path / "z.md", tmp_path / "missing.md"])
    assert [path.relative_to(tmp_path).as_posix() for path in found] == ["a.txt", "b/c.html", "z.md"]
    assert all(path.is_absolute() for path in found)
    assert find_documents(tmp_path / "b") == [tmp_path.resolve() / "b" / "c.html"]


def test_find_documents_on_the_handbook() -> None:
    names = [path.name for path in find_documents([HANDBOOK])]
    assert len(names) == 10
    assert "README.md" not in names
    assert names == sorted(names)
