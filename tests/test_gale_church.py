"""Gale-Church alignment on small hand-made documents, one case per link type."""

from __future__ import annotations

from mtqa.align.base import Aligner, links_cover
from mtqa.align.gale_church import GaleChurchAligner
from mtqa.types import Segment


def segs(*texts: str, paragraphs: list[int] | None = None) -> list[Segment]:
    return [Segment(t, i, paragraph=(paragraphs[i] if paragraphs else 0)) for i, t in enumerate(texts)]


def pairs(links) -> list[tuple[tuple[int, ...], tuple[int, ...]]]:  # type: ignore[no-untyped-def]
    return [(link.source, link.target) for link in links]


IT = [
    "Il consiglio comunale ha approvato il bilancio dopo una lunga discussione.",
    "La sindaca ha ringraziato i consiglieri.",
    "Le opposizioni hanno votato contro, denunciando tagli ai servizi sociali e alla scuola.",
    "La seduta è terminata a mezzanotte.",
    "Il bilancio entrerà in vigore il primo gennaio, salvo ricorsi al tribunale amministrativo.",
]
EN = [
    "The city council approved the budget after a long debate.",
    "The mayor thanked the councillors.",
    "The opposition voted against, denouncing cuts to social services and schools.",
    "The session ended at midnight.",
    "The budget will take effect on January 1, barring appeals to the administrative court.",
]


def test_protocol_and_one_to_one() -> None:
    aligner = GaleChurchAligner(ratio=0.88)
    assert isinstance(aligner, Aligner)
    links = aligner.align(segs(*IT), segs(*EN))
    assert pairs(links) == [((i,), (i,)) for i in range(5)]
    assert all(link.kind == "1-1" for link in links)


def test_two_to_one_merge() -> None:
    merged = EN[:1] + [EN[1] + " " + EN[2]] + EN[3:]
    links = GaleChurchAligner().align(segs(*IT), segs(*merged))
    assert ((1, 2), (1,)) in pairs(links)
    assert links_cover(links, 5, 4)


def test_one_to_two_split() -> None:
    split_en = EN[:2] + ["The opposition voted against.", "They denounced cuts to social services and schools."] + EN[3:]
    links = GaleChurchAligner().align(segs(*IT), segs(*split_en))
    assert ((2,), (2, 3)) in pairs(links)


def test_omission_is_one_to_zero() -> None:
    links = GaleChurchAligner(ratio=0.88).align(segs(*IT), segs(*(EN[:2] + EN[3:])))
    assert ((2,), ()) in pairs(links)
    assert links_cover(links, 5, 4)


def test_addition_is_zero_to_one() -> None:
    added = EN[:3] + ["Several residents protested outside the town hall during the whole evening session."] + EN[3:]
    links = GaleChurchAligner(ratio=0.88).align(segs(*IT), segs(*added))
    assert ((), (3,)) in pairs(links)


def test_two_to_two() -> None:
    src = segs("Breve.", "Una frase piuttosto lunga che continua ancora per un bel po' di parole.", *IT)
    tgt = segs("A short one that goes on quite a while, for a good number of words.", "Done.", *EN)
    links = GaleChurchAligner().align(src, tgt)
    assert pairs(links)[0] == ((0, 1), (0, 1))


def test_paragraph_break_is_a_soft_anchor() -> None:
    src = segs("Prima frase del primo paragrafo.", "Seconda frase, che chiude il paragrafo.", "Nuovo paragrafo qui.",
               paragraphs=[0, 0, 1])
    tgt = segs("First sentence of the first paragraph.", "Second sentence, which closes it.", "A new paragraph here.",
               paragraphs=[0, 0, 1])
    links = GaleChurchAligner().align(src, tgt)
    assert pairs(links) == [((0,), (0,)), ((1,), (1,)), ((2,), (2,))]


def test_empty_side() -> None:
    assert pairs(GaleChurchAligner().align(segs(*IT[:2]), [])) == [((0,), ()), ((1,), ())]
    assert pairs(GaleChurchAligner().align([], segs(*EN[:1]))) == [((), (0,))]


def test_long_document_stays_monotone_and_complete() -> None:
    src = segs(*(IT * 200))
    tgt = segs(*(EN * 200))
    links = GaleChurchAligner().align(src, tgt)
    assert links_cover(links, 1000, 1000)
    assert sum(1 for link in links if link.kind == "1-1") >= 990


def test_warnings_describe_the_last_alignment() -> None:
    aligner = GaleChurchAligner()
    aligner.align(segs(*IT[:1]), [])
    assert aligner.warnings == ["the target document has no sentences: all 1 source sentences are reported as omissions (1-0)"]
    aligner.align(segs(*IT), segs(*EN))
    assert aligner.warnings == []
