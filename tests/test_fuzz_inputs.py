"""Property-based fuzzing of the readers and the segmenter: arbitrary bytes and Unicode end in text
mtqa can use or in one of mtqa's typed errors, never another exception; what is read is valid text."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mtqa.errors import MtqaError
from mtqa.io.documents import read_document
from mtqa.io.pairs import read_pairs
from mtqa.segment import sentence_spans, split_sentences

FUZZ = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow], derandomize=True)
# Characters that stress readers and splitters: separators, quotes, line breaks of every kind,
# controls, BOMs, surrogate-adjacent and combining characters, sentence punctuation.
SPECIAL = st.sampled_from(
    list("\t\n\r\",.;!?…'’“”«»{}[]\\ ") + ["\x00", "\x0b", "\x0c", "\x1c", "\x85", "\u2028", "\u2029", "\ufeff",
                                         "\u200b", "\u0301", "\U0001f600", "\ud7ff", "\ud800", "\udfff", "\ue000", "\uffff", "NaN", "Dr."]
)
TEXT = st.lists(st.one_of(SPECIAL, SPECIAL, st.text(max_size=12)), max_size=30).map("".join)


def _file(data: bytes, suffix: str) -> Path:
    handle = tempfile.NamedTemporaryFile(suffix=suffix, delete=False)
    with handle:
        handle.write(data)
    return Path(handle.name)


def _valid_text(value: str) -> None:
    value.encode("utf-8")  # no lone surrogate survives reading


@FUZZ
@given(data=st.binary(max_size=300), suffix=st.sampled_from([".tsv", ".csv", ".jsonl"]))
def test_pair_readers_survive_arbitrary_bytes(data: bytes, suffix: str) -> None:
    path = _file(data, suffix)
    try:
        pairs = read_pairs(path)
    except MtqaError:
        return
    finally:
        path.unlink()
    for pair in pairs:
        _valid_text(pair.source)
        _valid_text(pair.target)


@FUZZ
@given(rows=st.lists(st.tuples(TEXT, TEXT, TEXT), min_size=1, max_size=5), suffix=st.sampled_from([".tsv", ".csv"]))
def test_delimited_readers_survive_arbitrary_cells(rows: list[tuple[str, str, str]], suffix: str) -> None:
    sep = "\t" if suffix == ".tsv" else ","
    body = "\n".join(sep.join(row) for row in rows)
    path = _file(f"source{sep}target{sep}note\n{body}\n".encode("utf-8", "surrogatepass"), suffix)
    try:
        pairs = read_pairs(path)
    except MtqaError:
        return
    finally:
        path.unlink()
    for pair in pairs:
        _valid_text(pair.source)
        _valid_text(pair.target)


VALUE = st.one_of(TEXT, st.integers(), st.floats(), st.just(float("nan")), st.none(), st.lists(st.integers(), max_size=2))


@FUZZ
@given(
    objects=st.lists(
        st.one_of(
            # mostly well-formed rows with odd contents, so the fuzzing gets past the key checks
            st.fixed_dictionaries({"source": TEXT, "target": TEXT}, optional={"id": VALUE, "x": VALUE}),
            st.dictionaries(st.sampled_from(["source", "target", "id", "x"]), VALUE),
        ),
        min_size=1,
        max_size=4,
    )
)
def test_jsonl_reader_survives_arbitrary_objects(objects: list[dict[str, object]]) -> None:
    lines = [json.dumps(obj, ensure_ascii=True) for obj in objects]  # ensure_ascii keeps lone surrogates as escapes
    path = _file("\n".join(lines).encode("utf-8"), ".jsonl")
    try:
        pairs = read_pairs(path)
    except MtqaError:
        return
    finally:
        path.unlink()
    for pair in pairs:
        _valid_text(pair.source)
        json.dumps(dict(pair.meta), allow_nan=False)  # extra columns write back as valid JSON


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), TEXT.map(lambda t: t.encode("utf-8", "surrogatepass"))),
       presegmented=st.booleans(), lang=st.sampled_from(["it", "en"]))
def test_document_reader_and_segmenter_survive_arbitrary_input(data: bytes, presegmented: bool, lang: str) -> None:
    path = _file(data, ".txt")
    try:
        doc = read_document(path, lang, presegmented=presegmented)
    except MtqaError:
        return
    finally:
        path.unlink()
    for seg in doc.segments:
        assert seg.text.strip(), "a segment is never blank"
        _valid_text(seg.text)


@FUZZ
@given(text=TEXT, lang=st.sampled_from(["it", "en"]))
def test_segmenter_spans_are_ordered_non_empty_and_inside_the_text(text: str, lang: str) -> None:
    spans = sentence_spans(text, lang)
    previous_end = 0
    for start, end in spans:
        assert previous_end <= start < end <= len(text)
        assert text[start:end].strip()
        previous_end = end
    assert len(split_sentences(text, lang)) == len(spans)
