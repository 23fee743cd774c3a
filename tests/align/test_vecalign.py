from __future__ import annotations

import numpy as np
import pytest
from align_fakes import BagEncoder, filler, segments

from mtqa.align.base import Aligner, links_cover
from mtqa.align.vecalign import VecAligner

# Every case: (source sentences, target sentences, the expected link in index form relative to the
# case, inserted between 6 filler pairs before and 6 after).
CASES = {
    "1-1": (["w1 w2 w3"], ["w1 w2 w3"], [((0,), (0,))]),
    "1-0 omission": (["w1 w2 w3", "o1 o2 o3 o4"], ["w1 w2 w3"], [((0,), (0,)), ((1,), ())]),
    "0-1 addition": (["w1 w2 w3"], ["w1 w2 w3", "x1 x2 x3 x4"], [((0,), (0,)), ((), (1,))]),
    "2-1 merge": (["w1 w2 w3", "w4 w5 w6"], ["w1 w2 w3 w4 w5 w6"], [((0, 1), (0,))]),
    "1-2 split": (["w1 w2 w3 w4 w5 w6"], ["w1 w2 w3", "w4 w5 w6"], [((0,), (0, 1))]),
    "2-2 crossing": (["w1 w2 w3", "w4 w5 w6"], ["w1 w4 w2", "w5 w3 w6"], [((0, 1), (0, 1))]),
    "1-3 split": (["w1 w2 w3 w4 w5 w6 w7 w8 w9"], ["w1 w2 w3", "w4 w5 w6", "w7 w8 w9"], [((0,), (0, 1, 2))]),
    "3-1 merge": (["w1 w2 w3", "w4 w5 w6", "w7 w8 w9"], ["w1 w2 w3 w4 w5 w6 w7 w8 w9"], [((0, 1, 2), (0,))]),
}


def embed_case(src: list[str], tgt: list[str], expected):
    before, after = filler("b", 6), filler("e", 6)
    source = before + src + after
    target = before + tgt + after
    links = [((k,), (k,)) for k in range(6)]
    links += [(tuple(6 + i for i in s), tuple(6 + j for j in t)) for s, t in expected]
    links += [((6 + len(src) + k,), (6 + len(tgt) + k,)) for k in range(6)]
    return segments(source), segments(target), links


@pytest.mark.parametrize("case", sorted(CASES))
def test_every_link_type_on_hand_made_case(case: str, bag: BagEncoder) -> None:
    source, target, expected = embed_case(*CASES[case])
    links = VecAligner(bag).align(source, target)
    assert [(link.source, link.target) for link in links] == expected
    assert links_cover(links, len(source), len(target))


def test_satisfies_aligner_protocol_and_signature_names_encoder(bag: BagEncoder) -> None:
    aligner = VecAligner(bag)
    assert isinstance(aligner, Aligner)
    sig = aligner.signature()
    assert sig["aligner"] == "vecalign" and sig["encoder.encoder"] == "bag" and sig["skip"] == "auto"


@pytest.mark.parametrize(("n_src", "n_tgt"), [(0, 0), (0, 3), (4, 0)])
def test_empty_side_gives_only_omissions_or_additions(n_src: int, n_tgt: int, bag: BagEncoder) -> None:
    aligner = VecAligner(bag)
    links = aligner.align(segments(filler("s", n_src)), segments(filler("t", n_tgt)))
    assert links_cover(links, n_src, n_tgt)
    assert all(not link.source or not link.target for link in links)
    assert len(links) == n_src + n_tgt
    assert bag.calls == 0  # nothing to embed
    if n_src + n_tgt:
        side = "source" if n_src == 0 else "target"
        assert any(f"the {side} document has no sentences" in w for w in aligner.warnings)


def test_single_sentences_align_one_to_one(bag: BagEncoder) -> None:
    links = VecAligner(bag).align(segments(["a b c"]), segments(["a b c"]))
    assert [(link.source, link.target) for link in links] == [((0,), (0,))]


def test_extremely_long_line_is_reported_not_fatal(bag: BagEncoder) -> None:
    huge = " ".join(f"z{k}" for k in range(2000))  # ~11,000 characters
    src = filler("s", 5) + [huge] + filler("u", 5)
    tgt = filler("s", 5) + [huge] + filler("u", 5)
    aligner = VecAligner(bag)
    links = aligner.align(segments(src), segments(tgt))
    assert links_cover(links, len(src), len(tgt))
    assert ((5,), (5,)) in [(link.source, link.target) for link in links]
    assert any("longer than 2000 characters" in w for w in aligner.warnings)


def test_wildly_different_lengths_warn(bag: BagEncoder) -> None:
    src = filler("s", 30)
    tgt = filler("s", 5)
    aligner = VecAligner(bag)
    links = aligner.align(segments(src), segments(tgt))
    assert links_cover(links, 30, 5)
    assert any("differ wildly in length" in w for w in aligner.warnings)
    assert any("found no counterpart" in w for w in aligner.warnings)


def test_similar_lengths_give_no_warning(bag: BagEncoder) -> None:
    aligner = VecAligner(bag)
    aligner.align(segments(filler("s", 10)), segments(filler("s", 10)))
    assert aligner.warnings == []


def _noisy_document(n: int, seed: int) -> tuple[list[str], list[str], list[tuple[tuple[int, ...], tuple[int, ...]]]]:
    """A long pair with omissions, additions and merges at random places, and its gold links."""
    rng = np.random.default_rng(seed)
    src: list[str] = []
    tgt: list[str] = []
    gold = []
    while len(src) < n:
        k = len(src)
        roll = rng.random()
        if roll < 0.05:
            gold.append(((len(src),), ()))
            src.append(f"om{k}a om{k}b om{k}c")
        elif roll < 0.1:
            gold.append(((), (len(tgt),)))
            tgt.append(f"ad{k}a ad{k}b ad{k}c")
        elif roll < 0.15:
            gold.append(((len(src), len(src) + 1), (len(tgt),)))
            src.extend([f"m{k}a m{k}b m{k}c", f"m{k}d m{k}e m{k}f"])
            tgt.append(f"m{k}a m{k}b m{k}c m{k}d m{k}e m{k}f")
        else:
            gold.append(((len(src),), (len(tgt),)))
            src.append(f"p{k}a p{k}b p{k}c")
            tgt.append(f"p{k}a p{k}b p{k}c")
    return src, tgt, gold


@pytest.mark.parametrize("seed", [0, 1])
def test_coarse_to_fine_matches_gold_on_long_document(seed: int, bag: BagEncoder) -> None:
    src, tgt, gold = _noisy_document(600, seed)
    # max_full_cells forces three coarse levels on 600 x ~600 sentences.
    links = VecAligner(bag, max_full_cells=5_000).align(segments(src), segments(tgt))
    assert links_cover(links, len(src), len(tgt))
    # Sets: an omission next to an addition may come in either order, both are correct.
    assert {(link.source, link.target) for link in links} == set(gold)


def test_coarse_to_fine_agrees_with_full_dp(bag: BagEncoder) -> None:
    src, tgt, _ = _noisy_document(300, 2)
    full = VecAligner(bag, max_full_cells=10**9).align(segments(src), segments(tgt))
    banded = VecAligner(bag, max_full_cells=2_000).align(segments(src), segments(tgt))
    assert [(a.source, a.target) for a in full] == [(b.source, b.target) for b in banded]


def test_link_costs_are_lower_for_translations_than_for_skips(bag: BagEncoder) -> None:
    source, target, _ = embed_case(*CASES["1-0 omission"])
    aligner = VecAligner(bag)
    links = aligner.align(source, target)
    one_to_one = [link.cost for link in links if link.kind == "1-1"]
    omissions = [link.cost for link in links if link.kind == "1-0"]
    assert max(one_to_one) < min(omissions) == pytest.approx(aligner.last_skip, abs=1e-3)


def test_depth_limit_switches_to_diagonal_band_and_still_finds_gold(bag: BagEncoder) -> None:
    src, tgt, gold = _noisy_document(600, 3)
    aligner = VecAligner(bag, max_full_cells=1_000, max_depth=1, diagonal_width=30)
    links = aligner.align(segments(src), segments(tgt))
    assert {(link.source, link.target) for link in links} == set(gold)


def test_long_documents_embed_single_sentences_only(bag: BagEncoder) -> None:
    source, target, expected = embed_case(*CASES["2-1 merge"])
    seen: list[str] = []
    original = bag.encode

    def spy(texts):  # type: ignore[no-untyped-def]
        seen.extend(texts)
        return original(texts)

    bag.encode = spy  # type: ignore[method-assign]
    links = VecAligner(bag, embed_windows_up_to=10).align(source, target)
    # One text per sentence, no concatenated windows: windows are sums of sentence vectors.
    assert sorted(seen) == sorted(s.text for s in [*source, *target])
    assert [(link.source, link.target) for link in links] == expected
