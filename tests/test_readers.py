"""Readers: text decoding, documents with lines and paragraphs, pair files."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.errors import InputError
from mtqa.io.documents import read_document
from mtqa.io.pairs import read_pairs
from mtqa.io.text import read_text


def test_bom_crlf_and_nbsp_are_tolerated(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("\ufeffPrima riga.\r\nSeconda\u00a0riga.\r\n".encode("utf-8"))
    assert read_text(path) == "Prima riga.\nSeconda\u00a0riga.\n"


def test_named_encoding(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes("Perché è così.".encode("latin-1"))
    assert read_text(path, encoding="latin-1") == "Perché è così."


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        (b"", "empty"),
        (b"   \n\n", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00", "binary"),
        ("Perché".encode("latin-1"), "not valid utf-8"),
    ],
)
def test_bad_text_files(tmp_path: Path, content: bytes, fragment: str) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as info:
        read_text(path)
    assert fragment in info.value.message
    assert str(path) in info.value.message


def test_undecodable_byte_names_line_and_fix(tmp_path: Path) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(b"ok line\nsecond ok\nPerch\xe9 no\n")
    with pytest.raises(InputError) as info:
        read_text(path)
    assert f"{path}:3:" in info.value.message
    assert "--encoding" in info.value.message


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_text(tmp_path / "nope.txt")
    with pytest.raises(InputError, match="directory"):
        read_text(tmp_path)


def test_document_keeps_lines_and_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Titolo\n\nPrima frase. Seconda frase.\nTerza frase.\n\n\nQuarta.\n", encoding="utf-8")
    doc = read_document(path, "it")
    got = [(s.text, s.line, s.paragraph) for s in doc.segments]
    assert got == [
        ("Titolo", 1, 0),
        ("Prima frase.", 3, 1),
        ("Seconda frase.", 3, 1),
        ("Terza frase.", 4, 1),
        ("Quarta.", 7, 2),
    ]
    assert doc.segments[2].start == len("Prima frase. ")


def test_presegmented_document_numbers_lines(tmp_path: Path) -> None:
    path = tmp_path / "doc.txt"
    path.write_text("Uno. Due.\n\n  Tre\n", encoding="utf-8")
    doc = read_document(path, "it", presegmented=True)
    assert [(s.text, s.line, s.paragraph) for s in doc.segments] == [("Uno. Due.", 1, 0), ("Tre", 3, 1)]


def test_tsv_carries_columns_and_order(tmp_path: Path) -> None:
    path = tmp_path / "p.tsv"
    path.write_text('id\tsource\ttarget\tsystem\n7\tCiao "a" tutti.\tHello "to" all.\tA\n3\tDue.\tTwo.\tB\n', encoding="utf-8")
    pairs = read_pairs(path)
    assert [(p.source, p.target, dict(p.meta)) for p in pairs] == [
        ('Ciao "a" tutti.', 'Hello "to" all.', {"id": "7", "system": "A"}),
        ("Due.", "Two.", {"id": "3", "system": "B"}),
    ]


def test_csv_with_quotes_and_jsonl(tmp_path: Path) -> None:
    csv_path = tmp_path / "p.csv"
    csv_path.write_text('source,target\n"Sì, certo.","Yes, sure."\n', encoding="utf-8")
    assert [(p.source, p.target) for p in read_pairs(csv_path)] == [("Sì, certo.", "Yes, sure.")]
    jsonl = tmp_path / "p.jsonl"
    jsonl.write_text('{"id": 1, "source": "Uno.", "target": "One."}\n\n{"source": "Due.", "target": "Two."}\n', encoding="utf-8")
    pairs = read_pairs(jsonl)
    assert [p.meta for p in pairs] == [{"id": 1}, {}]


@pytest.mark.parametrize(
    ("name", "content", "fragment"),
    [
        ("p.tsv", "src\ttgt\nA\tB\n", "no 'source' and no 'target' column"),
        ("p.tsv", "source\ttarget\nA\tB\nC\n", "p.tsv:3: row has 1 fields but the header has 2"),
        ("p.tsv", "source\ttarget\nA\tB\tC\n", "p.tsv:2: row has 3 fields"),
        ("p.jsonl", '{"source": "A", "target": "B"}\n{"source": "A"\n', "p.jsonl:2: not valid JSON"),
        ("p.jsonl", '{"source": "A"}\n', "p.jsonl:1: object has no 'target' key"),
        ("p.jsonl", '["A", "B"]\n', "p.jsonl:1: each line must be a JSON object"),
        ("p.xlsx", "whatever", "unknown pair-file type '.xlsx'"),
        ("p.csv", "source,target\n", "no rows"),
    ],
)
def test_bad_pair_files(tmp_path: Path, name: str, content: str, fragment: str) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_pairs(path)
    assert fragment in info.value.message


def test_report_file_gets_normal_permissions(tmp_path: Path) -> None:
    import os
    import stat

    from mtqa.io.output import write_atomic

    umask = os.umask(0o022)
    try:
        write_atomic(tmp_path / "r.md", "report\n")
        kept = tmp_path / "kept.md"
        kept.write_text("old\n")
        kept.chmod(0o640)
        write_atomic(kept, "new\n")
    finally:
        os.umask(umask)
    assert stat.S_IMODE((tmp_path / "r.md").stat().st_mode) == 0o644
    assert stat.S_IMODE(kept.stat().st_mode) == 0o640
    assert kept.read_text() == "new\n"
