"""The default aligner with the real USE encoder on authored and demo text."""

from __future__ import annotations

from pathlib import Path

import pytest

from mtqa.align.base import links_cover
from mtqa.align.evaluate import links_as_alignment, read_gold_jsonl, read_presegmented, score_alignments
from mtqa.align.vecalign import VecAligner
from mtqa.models.encoders import load_encoder
from mtqa.types import Segment

pytestmark = pytest.mark.encoder
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def aligner() -> VecAligner:
    return VecAligner(load_encoder("use", threads=1))


def test_authored_document_with_merges_splits_omission_additions(aligner: VecAligner) -> None:
    folder = ROOT / "corpora" / "align" / "ponte"
    src = read_presegmented(folder / "source.it.txt")
    tgt = read_presegmented(folder / "target.en.txt")
    gold = read_gold_jsonl(folder / "gold.jsonl", src, tgt)
    links = aligner.align(src, tgt)
    assert links_cover(links, len(src), len(tgt))
    assert score_alignments([gold], [links_as_alignment(links)]).strict_f1 >= 0.9
    kinds = {link.kind for link in links}
    assert {"1-1", "2-1", "1-2", "0-1"} <= kinds


def test_untranslated_heading_links_to_its_source_heading(aligner: VecAligner) -> None:
    src = ["Riconoscimento facciale, lo stop di Amazon", "Riconoscimento facciale, il passo definitivo di Amazon",
           "Martedì il colosso dell'e-commerce ha annunciato una moratoria.", "Lo riporta Reuters."]
    tgt = ["Face recognition, Amazon's stop", "Riconoscimento facciale, il passo definitivo di Amazon",
           "On Tuesday the e-commerce giant announced a moratorium.", "Reuters reports it."]
    links = aligner.align([Segment(t, k) for k, t in enumerate(src)], [Segment(t, k) for k, t in enumerate(tgt)])
    assert [(link.source, link.target) for link in links] == [((k,), (k,)) for k in range(4)]


def test_omitted_sentence_becomes_one_to_zero(aligner: VecAligner) -> None:
    src = ["Il ponte è stato riaperto ieri.", "Il cantiere è durato quattordici mesi.",
           "Bortolin ha tre camion e sei dipendenti.", "I camion dovranno aspettare il collaudo."]
    tgt = ["The bridge reopened yesterday.", "The work lasted fourteen months.",
           "Lorries will have to wait for the load test."]
    links = aligner.align([Segment(t, k) for k, t in enumerate(src)], [Segment(t, k) for k, t in enumerate(tgt)])
    assert [(link.source, link.target) for link in links] == [((0,), (0,)), ((1,), (1,)), ((2,), ()), ((3,), (2,))]
