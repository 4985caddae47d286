"""Reading reference CSVs as people save them: BOM, comma or semicolon, quoted lists, line numbers."""

from __future__ import annotations

import io

import pytest

from skills.common.reference.table import UnreadableFile, decode, read_table, sniff_delimiter, write_table


def test_the_delimiter_is_read_from_the_header():
    assert sniff_delimiter("sku,name,aliases") == ","
    assert sniff_delimiter("sku;name;aliases") == ";"
    assert sniff_delimiter("code") == ","


def test_a_semicolon_file_with_a_bom_and_a_quoted_list_reads_by_column():
    text = decode('\ufeffSKU;Name;Aliases\r\nTN-1;Tóner;"toner;cartucho"\r\n\r\nPA-2;Papel A4;folios\r\n'.encode())
    table = read_table(text, ("sku", "name", "aliases"))
    assert table.delimiter == ";"
    assert [(record.line, record.cells) for record in table.records] == [
        (2, {"sku": "TN-1", "name": "Tóner", "aliases": "toner;cartucho"}),
        (4, {"sku": "PA-2", "name": "Papel A4", "aliases": "folios"}),
    ]


def test_a_row_with_the_wrong_number_of_cells_is_a_problem_not_a_crash():
    table = read_table("a,b\n1,2\n1,2,3\n", ("a", "b"))
    assert [str(problem) for problem in table.problems] == ["line 3: expected 2 columns, found 3"]


def test_bytes_that_are_not_utf8_name_their_line():
    with pytest.raises(UnreadableFile) as caught:
        decode("a,b\n1,2\nZoë,3\n".encode("latin-1"))
    assert caught.value.problem.line == 3


def test_optional_columns_are_accepted_and_unknown_ones_ignored():
    assert read_table("b,a,c\n", ("a", "b"), ("c",)).columns == ("b", "a", "c")
    table = read_table('a,b,Notes,,d\n1,2,"x, y",,z\n', ("a", "b"), ("c",))
    assert table.ignored == ("notes", "d")
    assert [record.cells["a"] for record in table.records] == ["1"]
    assert not table.problems


def test_unknown_columns_are_named_when_a_required_one_is_missing():
    with pytest.raises(UnreadableFile, match=r"missing: b; unexpected: 'bb'"):
        read_table("a,bb\n", ("a", "b"))


def test_a_tab_separated_file_is_told_to_be_saved_as_csv():
    with pytest.raises(UnreadableFile, match=r"^the columns are separated by tabs; save the file as CSV"):
        read_table("a\tb\n1\t2\n", ("a", "b"))


def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_written_as_text_and_read_back_as_it_was():
    cells = ['=HYPERLINK("http://evil.example","x")', "+1 555", "-cmd|' /C calc'!A0", "@SUM(A1:A9)", "\tx", "-2",
             "+3", "12.50", "Ana López", ""]  # fmt: skip
    out = io.StringIO()
    write_table(("a",), [{"a": cell} for cell in cells], out)
    written = out.getvalue().splitlines()[1:]
    assert written == ['"\'=HYPERLINK(""http://evil.example"",""x"")"', "'+1 555", "'-cmd|' /C calc'!A0",
                       "'@SUM(A1:A9)", "'\tx", "-2", "+3", "12.50", "Ana López", '""']  # fmt: skip
    read = [record.cells["a"] for record in read_table(out.getvalue(), ("a",)).records]
    assert read == [cell.strip() for cell in cells if cell]
