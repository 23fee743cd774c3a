"""Word-alignment quality of e5-small layers on hand-aligned pairs (corpora/qe/wordalign_gold.jsonl).

Usage: OMP_NUM_THREADS=1 PYTHONPATH=. python benchmarks/wordalign.py [--layers 4,6,8,10,12]
Prints precision / recall / F1 of word links per layer and method (argmax, itermax), then the
alignment of a few example pairs at the chosen layer, with each word's best cosine.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from mtqa.models.offline.encoder import E5TokenEncoder
from mtqa.models.offline.wordalign import align_words
from mtqa.lang.words import split_words

GOLD = Path(__file__).resolve().parent.parent / "corpora" / "qe" / "wordalign_gold.jsonl"
EXAMPLES = [
    ("Lo riporta Reuters.", "Reuters brought him back."),
    ("Lo riporta Reuters.", "Reuters reports it."),
    ("un confronto facciale impreciso", "an inaccurate face-to-face confrontation"),
    ("un confronto facciale impreciso", "an inaccurate facial comparison"),
    ("Il ministro non ha voluto commentare.", "The minister wanted to comment."),
    ("Le vendite sono calate del 3%.", "Sales fell by 3% in Europe last year."),
]


def resolve(words: list[str], token: str) -> int:
    text, _, nth = token.partition("#")
    hits = [i for i, w in enumerate(words) if w.lower() == text.lower()]  # "the#2": second "the"/"The"
    return hits[int(nth or 1) - 1]


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--layers", default="2,4,6,7,8,9,10,12")
    ap.add_argument("--show-layer", type=int, default=8)
    args = ap.parse_args()
    enc = E5TokenEncoder()
    rows = [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]
    print(f"{len(rows)} gold pairs, {sum(len(r['gold']) for r in rows)} gold links")
    print("layer method     P      R      F1")
    for layer in [int(x) for x in args.layers.split(",")]:
        src_tv = enc.token_vectors([r["source"] for r in rows], layer=layer)
        tgt_tv = enc.token_vectors([r["target"] for r in rows], layer=layer)
        for method in ("argmax", "itermax"):
            tp = n_pred = n_gold = 0
            for r, s, t in zip(rows, src_tv, tgt_tv):
                sw, tw = split_words(r["source"], "it"), split_words(r["target"], "en")
                al = align_words(s.vectors, s.encoding.spans, sw, t.vectors, t.encoding.spans, tw, method=method)
                pred = {(i, j) for i, j, _ in al.links}
                gold = {(resolve([w.text for w in sw], a), resolve([w.text for w in tw], b)) for a, b in r["gold"]}
                tp += len(pred & gold)
                n_pred += len(pred)
                n_gold += len(gold)
            p, rc = tp / max(n_pred, 1), tp / max(n_gold, 1)
            print(f"{layer:5d} {method:8s} {p:.3f}  {rc:.3f}  {2 * p * rc / max(p + rc, 1e-9):.3f}")
    layer = args.show_layer
    src_tv = enc.token_vectors([s for s, _ in EXAMPLES], layer=layer)
    tgt_tv = enc.token_vectors([t for _, t in EXAMPLES], layer=layer)
    for (src, tgt), s, t in zip(EXAMPLES, src_tv, tgt_tv):
        sw, tw = split_words(src, "it"), split_words(tgt, "en")
        al = align_words(s.vectors, s.encoding.spans, sw, t.vectors, t.encoding.spans, tw)
        print(f"\n{src}  ->  {tgt}   (layer {layer}, itermax)")
        print("  links:", ", ".join(f"{sw[i].text}={tw[j].text}({c:.2f})" for i, j, c in al.links))
        d = al.to_dict()
        print("  unaligned source content:", [sw[i].text for i in d["unaligned_source"]])
        print("  unaligned target content:", [tw[j].text for j in d["unaligned_target"]])
        print("  target best cosine:", ", ".join(f"{w.text}:{b:.2f}" for w, b in zip(tw, al.target_best)))


if __name__ == "__main__":
    main()
