"""Markdown and HTML documents: the checks read the text outside the markup, on the file's own lines."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.config import Config
from mtqa.io.documents import read_document
from mtqa.io.formats.markup import plain_html, plain_markdown
from mtqa.pipeline import check_documents

MD_IT = """---
layout: post
---
# Il sindaco di Roma

Il **sindaco** ha visitato [il cantiere](https://example.it/cantiere) martedì.

- Il costo è di `12` milioni.

```
x = 2024
```
"""
MD_EN = """---
layout: post
---
# The mayor of Rome

The **mayor** visited [the building site](https://example.com/site) on Tuesday.

- The cost is `12` million.

```
y = 1999
```
"""


@pytest.mark.parametrize(
    ("markdown", "plain"),
    [
        ("# Title #", "Title"),
        ("## A **bold** and *em* word", "A bold and em word"),
        ("See [the guide](https://x.org/a) and ![a logo](l.png).", "See the guide and a logo."),
        ("> - [x] done", "done"),
        ("3. third item", "third item"),
        ("`code` and snake_case_name and 5 * 3", "code and snake_case_name and 5 * 3"),
        ("| a | b |", "a b"),
        ("|---|:---:|", ""),
        ("[ref]: https://x.org", ""),
        ("***", ""),
        ("Fish &amp; chips <br> now", "Fish & chips now"),
    ],
)
def test_markdown_lines(markdown: str, plain: str) -> None:
    assert plain_markdown(markdown) == plain


def test_markdown_keeps_every_line_and_drops_code_and_front_matter() -> None:
    plain = plain_markdown(MD_IT)
    assert len(plain.split("\n")) == len(MD_IT.split("\n"))
    assert "2024" not in plain and "layout" not in plain and "https" not in plain
    assert plain.split("\n")[3] == "Il sindaco di Roma"


def test_html_keeps_lines_drops_hidden_text_and_decodes_entities() -> None:
    page = '<p>Il <b>sindaco</b> &egrave; qui.</p>\n<script>var n = 5;\n</script><!-- 7 -->\n<p>Fine.</p>'
    plain = plain_html(page)
    assert plain.split("\n") == ["Il sindaco è qui.", "", "", "Fine."]


def test_a_markdown_pair_has_no_false_issue_from_its_markup(tmp_path: Path) -> None:
    src, tgt = tmp_path / "a.it.md", tmp_path / "a.en.md"
    src.write_text(MD_IT, encoding="utf-8")
    tgt.write_text(MD_EN.replace("Rome", "Rome"), encoding="utf-8")
    config = Config(source_lang="it", target_lang="en", scorers=("numbers", "urls", "placeholders"),
                    presegmented=False, aligner="gale-church")
    report = check_documents(src, tgt, config)
    assert [seg.issues for seg in report.segments] == [()] * len(report.segments)  # 2024/1999 were code
    doc = read_document(src, "it")
    assert [(s.text, s.line) for s in doc.segments][0] == ("Il sindaco di Roma", 4)
    # Raw, the code block's numbers would be compared as text.
    raw = tmp_path / "a.it.txt"
    raw.write_text(MD_IT, encoding="utf-8")
    assert any("2024" in s.text for s in read_document(raw, "it").segments)
