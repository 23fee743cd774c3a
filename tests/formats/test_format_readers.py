"""Readers of localisation files: units kept as the file gives them, markup taken out, bad input refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mtqa import cli
from mtqa.errors import InputError
from mtqa.io.formats import read_bilingual
from mtqa.io.formats.subtitles import pair_cues, read_cues
from mtqa.types import Tag

ROOT = Path(__file__).resolve().parents[2]
SAMPLES = ROOT / "corpora" / "formats"
FAST = ["--scorer", "tags", "--scorer", "placeholders", "--scorer", "urls"]


def _run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli.main, list(args))
    return result.exit_code, result.output


def _write(path: Path, text: str) -> str:
    path.write_text(text, encoding="utf-8")
    return str(path)


XLIFF12 = """<?xml version="1.0"?>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2">
 <file original="x" source-language="en-US" target-language="it-IT" datatype="plaintext"><body>
  <trans-unit id="a"><source>Click <g id="1">Save</g><x id="2"/> now</source><target>Fai clic su <g id="1">Salva</g><x id="2"/> ora</target></trans-unit>
  <trans-unit id="b"><source>Bold <bx id="3" rid="7"/>here<ex id="4" rid="7"/></source><target>Grassetto <bx id="3" rid="7"/>qui<ex id="4" rid="7"/></target></trans-unit>
  <trans-unit id="c"><source>No target yet</source></trans-unit>
 </body></file>
</xliff>
"""


def test_xliff_12_units_plain_text_and_tags() -> None:
    path = SAMPLES / "sample-1.2.xlf"
    file = read_bilingual(path, source_lang="en", target_lang="it")
    assert file.format == "xliff-1.2" and (file.source_lang, file.target_lang) == ("en", "it")
    assert [u.key for u in file.units] == ["welcome", "bold", "lost-tag", "lost-placeholder", "link", "untranslated", "break"]
    assert file.skipped == 1  # translate="no"
    bold = file.units[1]
    assert bold.source == "Click Save to keep your changes."
    assert bold.target == "Fai clic su Salva per conservare le modifiche."
    assert bold.markup is not None and bold.markup.source == (Tag("g", "1", "open"), Tag("g", "1", "close"))
    assert file.units[5].target is None


def test_xliff_12_split_pairs_are_compared_as_one_element(tmp_path: Path) -> None:
    file = read_bilingual(_write(tmp_path / "a.xlf", XLIFF12), source_lang="en", target_lang="it")
    unit = file.units[1]
    assert unit.source == "Bold here" and unit.target == "Grassetto qui"
    assert unit.markup is not None
    assert unit.markup.source == unit.markup.target == (Tag("g", "7", "open"), Tag("g", "7", "close"))
    assert file.units[0].markup.source[2] == Tag("x", "2", "empty")  # type: ignore[union-attr]


def test_xliff_2_segments_are_units() -> None:
    file = read_bilingual(SAMPLES / "sample-2.0.xlf", source_lang="it", target_lang="en")
    assert file.format == "xliff-2.0"
    assert [u.key for u in file.units] == ["u1/s1", "u2/s1", "u3/s1", "u3/s2"]
    assert file.units[0].source == "Il modello X200 costa meno."
    assert file.units[2].markup.target == (Tag("ph", "1", "empty"),)  # type: ignore[union-attr]
    assert file.units[3].target is None


def test_xliff_21_and_split_codes(tmp_path: Path) -> None:
    text = """<xliff xmlns="urn:oasis:names:tc:xliff:document:2.0" version="2.1" srcLang="it" trgLang="en">
<file id="f"><unit id="1"><segment><source>A <sc id="1"/>b<ec startRef="1"/><cp hex="0009"/>c</source>
<target>A <pc id="1">b</pc>&#9;c</target></segment></unit></file></xliff>"""
    file = read_bilingual(_write(tmp_path / "a.xliff", text), source_lang="it", target_lang="en")
    unit = file.units[0]
    assert file.format == "xliff-2.1"
    assert unit.source == unit.target == "A b\tc"
    assert unit.markup.source == unit.markup.target  # type: ignore[union-attr]


def test_tmx_chooses_the_sides_by_language() -> None:
    file = read_bilingual(SAMPLES / "sample.tmx", source_lang="it", target_lang="en")
    assert [u.key for u in file.units] == ["1", "2", "3", "4"]
    assert file.units[1].source == "Premi Invio per confermare."
    assert file.units[1].markup.source == (Tag("g", "1", "open"), Tag("g", "1", "close"))  # type: ignore[union-attr]
    assert file.units[3].target is None
    reverse = read_bilingual(SAMPLES / "sample.tmx", source_lang="en", target_lang="it")
    assert reverse.units[0].source == "The train to Milan leaves at 8:15."


def test_tmx_without_the_requested_language(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"target language 'it' \(languages found: en, fr\)"):
        read_bilingual(_write(tmp_path / "m.tmx", """<tmx version="1.4"><header srclang="en"/><body>
<tu><tuv xml:lang="en"><seg>Hi</seg></tuv><tuv xml:lang="fr"><seg>Salut</seg></tuv></tu></body></tmx>"""),
                       source_lang="en", target_lang="it")


def test_po_plural_forms_are_each_a_unit() -> None:
    file = read_bilingual(SAMPLES / "sample.it.po", source_lang="en", target_lang="it")
    assert file.target_lang == "it"
    keys = [u.key for u in file.units]
    assert keys == ["Hello, %s!", "%d file deleted[0]", "%d file deleted[1]", "menu|Open", "Visit {url} for help.",
                    "A long message that continues on a second line."]
    assert (file.units[2].source, file.units[2].target) == ("%d files deleted", "file eliminati")
    assert file.units[4].target is None  # msgstr "" is untranslated
    assert file.units[5].target == "Un messaggio lungo che continua su una seconda riga."
    assert [u.fuzzy for u in file.units] == [False] * 5 + [True]


@pytest.mark.parametrize(
    ("text", "line", "needle"),
    [
        ('msgid "a"\nmsgstr "b\n', 2, "unterminated"),
        ('msgid "a"\nbogus line\n', 2, "cannot read"),
        ('msgid "a"\nmsgid_plural "as"\n', 1, r"no msgstr\[0\]"),
    ],
)
def test_po_bad_input_names_the_line(tmp_path: Path, text: str, line: int, needle: str) -> None:
    with pytest.raises(InputError, match=needle) as info:
        read_bilingual(_write(tmp_path / "x.po", text), source_lang="en", target_lang="it")
    assert info.value.line == line


def test_subtitles_pair_by_cue_and_keep_tags_apart() -> None:
    file, extra = pair_cues(str(SAMPLES / "sample.en.srt"), str(SAMPLES / "sample.it.srt"))
    assert [(u.key, u.source, u.target) for u in file.units][1] == ("2", "I was at home.", "Ero a casa.")
    assert file.units[1].markup.source == (Tag("i", "", "open"), Tag("i", "", "close"))  # type: ignore[union-attr]
    assert extra == []
    vtt, _ = pair_cues(str(SAMPLES / "sample.en.vtt"), str(SAMPLES / "sample.it.vtt"))
    assert [u.key for u in vtt.units] == ["intro", "step-1"]
    assert vtt.units[0].source == "Welcome to the course."  # timing and cue settings are not text


def test_subtitle_cue_only_in_one_file(tmp_path: Path) -> None:
    src = _write(tmp_path / "a.srt", "1\n00:00:01,000 --> 00:00:02,000\nOne.\n\n2\n00:00:03,000 --> 00:00:04,000\nTwo.\n")
    tgt = _write(tmp_path / "b.srt", "1\n00:00:01,000 --> 00:00:02,000\nUno.\n\n3\n00:00:05,000 --> 00:00:06,000\nTre.\n")
    code, out = _run("check", src, tgt, "--src-lang", "en", "--tgt-lang", "it", *FAST, "--format", "jsonl")
    assert code == 1
    assert '"EMP001"' in out and '"ALN002"' in out


def test_subtitle_cues_out_of_order_are_refused(tmp_path: Path) -> None:
    bad = _write(tmp_path / "a.srt", "1\n00:00:05,000 --> 00:00:06,000\nOne.\n\n2\n00:00:01,000 --> 00:00:02,000\nTwo.\n")
    with pytest.raises(InputError, match="before the cue above it") as info:
        read_cues(bad)
    assert info.value.line == 6
    code, out = _run("check", bad, bad, "--src-lang", "en", "--tgt-lang", "it", *FAST)
    assert code == 3 and "a.srt:6:" in out


def test_webvtt_needs_its_header(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="WEBVTT"):
        read_cues(_write(tmp_path / "a.vtt", "00:00:01.000 --> 00:00:02.000\nHi\n"))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ('<xliff version="1.1" xmlns="urn:oasis:names:tc:xliff:document:1.1"><file/></xliff>', "unsupported XLIFF version '1.1'"),
        ('<xliff version="3.0" xmlns="urn:oasis:names:tc:xliff:document:2.0"><file/></xliff>', "unsupported XLIFF version '3.0'"),
        ('<xliff version="1.2"><file/></xliff>', "unsupported XLIFF version '1.2' in namespace '(none)'"),
        ("<html><body/></html>", "not <xliff>"),
    ],
)
def test_unknown_xliff_version_exits_3(tmp_path: Path, text: str, needle: str) -> None:
    code, out = _run("check", _write(tmp_path / "a.xlf", text), "--src-lang", "en", "--tgt-lang", "it", *FAST)
    assert code == 3 and needle in out


def test_malformed_xml_names_line_and_column(tmp_path: Path) -> None:
    broken = XLIFF12.replace("<target>Fai clic", "<target>Fai <b>clic", 1)
    code, out = _run("check", _write(tmp_path / "a.xlf", broken), "--src-lang", "en", "--tgt-lang", "it", *FAST)
    assert code == 3
    assert "a.xlf:4: malformed XML at line 4, column" in out and "fix the markup there" in out


def test_language_attributes_must_match_the_options(tmp_path: Path) -> None:
    path = _write(tmp_path / "a.xlf", XLIFF12)
    code, out = _run("check", path, "--src-lang", "it", "--tgt-lang", "en", *FAST)
    assert code == 3
    assert "declares its source language as 'en-US' but --src-lang is 'it'; run with --src-lang en" in out


def test_a_unit_without_target_is_untranslated_not_a_crash(tmp_path: Path) -> None:
    code, out = _run("check", _write(tmp_path / "a.xlf", XLIFF12), "--src-lang", "en", "--tgt-lang", "it", *FAST,
                     "--format", "jsonl")
    assert code == 1  # EMP001 is critical: the gate fails
    rows = out.strip().splitlines()
    assert len(rows) == 3 and '"unit": "c"' in rows[2] and '"EMP001"' in rows[2]
    assert '"issues": []' in rows[0] and '"issues": []' in rows[1]


def test_score_reads_bilingual_files_too(tmp_path: Path) -> None:
    code, out = _run("score", str(SAMPLES / "sample.it.po"), "--src-lang", "en", "--tgt-lang", "it", *FAST)
    assert code == 0
    assert out.count("\n") == 6 and '"plural_form": "1"' in out and '"PLH001"' in out


def test_one_plain_file_alone_is_a_usage_error(tmp_path: Path) -> None:
    code, out = _run("check", _write(tmp_path / "a.txt", "Ciao."), "--src-lang", "it", "--tgt-lang", "en")
    assert code == 2 and "missing TARGET" in out


BOMB = """<?xml version="1.0"?>
<!DOCTYPE xliff [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" target-language="it"
 original="x" datatype="plaintext"><body><trans-unit id="1"><source>&lol9;</source><target>x</target></trans-unit>
</body></file></xliff>
"""


def test_entity_expansion_bomb_is_refused_unexpanded(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="declares entities") as info:
        read_bilingual(_write(tmp_path / "bomb.xlf", BOMB), source_lang="en", target_lang="it")
    assert "remove the <!DOCTYPE> internal subset" in info.value.message


@pytest.mark.parametrize("suffix", [".xlf", ".tmx"])
def test_external_entity_is_never_read(tmp_path: Path, suffix: str) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET-CONTENT", encoding="utf-8")
    body = (
        '<xliff version="1.2" xmlns="urn:oasis:names:tc:xliff:document:1.2"><file source-language="en" '
        'target-language="it" original="x" datatype="plaintext"><body><trans-unit id="1"><source>&xxe;</source>'
        "<target>x</target></trans-unit></body></file></xliff>"
        if suffix == ".xlf"
        else '<tmx version="1.4"><header/><body><tu><tuv xml:lang="en"><seg>&xxe;</seg></tuv>'
        '<tuv xml:lang="it"><seg>x</seg></tuv></tu></body></tmx>'
    )
    root = "xliff" if suffix == ".xlf" else "tmx"
    text = f'<?xml version="1.0"?>\n<!DOCTYPE {root} [<!ENTITY xxe SYSTEM "file://{secret}">]>\n{body}'
    code, out = _run("check", _write(tmp_path / f"x{suffix}", text), "--src-lang", "en", "--tgt-lang", "it", *FAST)
    assert code == 3 and "declares entities" in out
    assert "TOP-SECRET" not in out


def test_an_empty_code_between_words_reads_as_a_space() -> None:
    file = read_bilingual(SAMPLES / "sample-1.2.xlf", source_lang="en", target_lang="it")
    brk = file.units[-1]
    assert (brk.source, brk.target) == ("First line second line.", "Prima riga seconda riga.")
    welcome = read_bilingual(SAMPLES / "sample-2.0.xlf", source_lang="it", target_lang="en").units[2]
    assert welcome.source == "Premi  per continuare."  # beside a space, nothing is added


def test_a_binary_file_is_refused_and_utf16_xml_is_read(tmp_path: Path) -> None:
    binary = tmp_path / "a.xlf"
    binary.write_bytes(b"\x00\x01\x02binary")
    with pytest.raises(InputError, match="binary file"):
        read_bilingual(binary, source_lang="en", target_lang="it")
    wide = tmp_path / "b.xlf"
    wide.write_bytes(XLIFF12.replace('<?xml version="1.0"?>\n', "").encode("utf-16"))  # with its BOM
    assert read_bilingual(wide, source_lang="en", target_lang="it").units[0].target == "Fai clic su Salva ora"
