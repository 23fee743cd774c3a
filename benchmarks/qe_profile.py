"""Where offline-qe's time goes, and one dropped feature idea, measured so the note's numbers rerun.

    PYTHONPATH=. python benchmarks/qe_profile.py               # time split on 512 demo-length pairs
    PYTHONPATH=. python benchmarks/qe_profile.py --sense-shift # the sense-shift probe on the valid split

Time split: e5 tokenizing (cold word cache, then warm), the lower layers (per sentence), the whole
cross-encoder `predict` (lower + upper), under the SDPA attention the model loads with and under
eager attention. Pairs are the demo's sentence pairs, each copy numbered so texts differ.

Sense-shift probe (on corpora/qe's valid split only; the test split is not read): for each aligned
content-word pair, its in-context cosine (layer 6, as word alignment reads) minus the cosine of the
two words encoded alone; per pair the minimum and the mean. ROC-AUC for wrong-sense and calque
errors against correct pairs, short and news-length sentences apart.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from mtqa.io.documents import read_document  # noqa: E402
from mtqa.models.offline import crossenc  # noqa: E402
from mtqa.models.offline.e5_convert import TOKENIZER, ensure_converted  # noqa: E402
from mtqa.models.offline.e5_tokenizer import E5Tokenizer  # noqa: E402
from mtqa.models.offline.fused import load_models  # noqa: E402
from mtqa.training.metrics import roc_auc  # noqa: E402
from mtqa.models.offline.qe_scorer import adapter_folder  # noqa: E402
from mtqa.models.offline.wordalign import align_words, token_to_word  # noqa: E402
from mtqa.lang.words import split_words  # noqa: E402

DEMO = ROOT / "corpora" / "rekognition"
CORPUS = ROOT / "corpora" / "qe" / "qe_pairs.jsonl"


def time_split(n: int) -> None:
    src = [s.text for s in read_document(DEMO / "source.it.txt", "it").segments]
    tgt = [s.text for s in read_document(DEMO / "target.en.txt", "en").segments]
    pairs = [(s + f" {k}", t + f" {k}") for k in range(n // len(src) + 1) for s, t in zip(src, tgt)][:n]
    texts = [p[0] for p in pairs] + [p[1] for p in pairs]
    chars = sum(len(t) for t in texts) / len(pairs)
    print(f"{len(pairs)} demo-length pairs, {chars:.0f} characters per pair")
    tok = E5Tokenizer.from_file(ensure_converted() / TOKENIZER)  # a fresh tokenizer: cold word cache
    t0 = time.perf_counter()
    for t in texts:
        tok.encode(t)
    cold = time.perf_counter() - t0
    t0 = time.perf_counter()
    for t in texts:
        tok.encode(t)
    print(f"  tokenize {len(texts)} texts: cold cache {cold:.2f} s, warm {time.perf_counter() - t0:.2f} s")
    m = load_models(adapter_folder(), "cpu")
    t0 = time.perf_counter()
    m.crossenc.lower(m.tokenizer, texts)
    print(f"  lower layers (0-5, per sentence, tokenizing included): {time.perf_counter() - t0:.2f} s")
    bert = m.crossenc.bert
    loaded = getattr(bert.config, "_attn_implementation", None)
    if loaded is None:  # the runtime's own BERT (SDPA, or ONNX Runtime): one attention to time
        t0 = time.perf_counter()
        crossenc.predict(m.crossenc, m.tokenizer, pairs)
        dt = time.perf_counter() - t0
        print(f"  predict (lower + upper layers), {m.runtime}: {dt:.2f} s, {1000 * dt / len(pairs):.1f} ms per pair")
        return
    for impl in (loaded, "eager", loaded):
        bert.config._attn_implementation = impl
        t0 = time.perf_counter()
        crossenc.predict(m.crossenc, m.tokenizer, pairs)
        dt = time.perf_counter() - t0
        print(f"  predict (lower + upper layers), attention {impl:5s}: {dt:.2f} s, {1000 * dt / len(pairs):.1f} ms per pair")
    bert.config._attn_implementation = loaded


def sense_shift() -> None:
    rows = [r for r in (json.loads(x) for x in CORPUS.read_text(encoding="utf-8").splitlines()) if r["split"] == "valid"]
    m = load_models(adapter_folder(), "cpu")
    pred = crossenc.predict(m.crossenc, m.tokenizer, [(r["source"], r["target"]) for r in rows])
    alone: dict[str, np.ndarray] = {}

    def vec(word: str) -> np.ndarray:
        if word not in alone:
            v = m.crossenc.lower(m.tokenizer, [word])[0].states[1:-1].float().numpy().mean(0)
            alone[word] = v / np.linalg.norm(v)
        return alone[word]

    feats = []
    for k, r in enumerate(rows):
        s_sent, t_sent = pred.sources[k], pred.targets[k]
        S, T = s_sent.states.float().numpy()[1:-1], t_sent.states.float().numpy()[1:-1]
        sw, tw = split_words(r["source"], "it"), split_words(r["target"], "en")
        al = align_words(S, s_sent.encoding.spans, sw, T, t_sent.encoding.spans, tw)
        smap = np.array(token_to_word(s_sent.encoding.spans, sw))
        tmap = np.array(token_to_word(t_sent.encoding.spans, tw))
        deltas = []
        for i, j, _ in al.links:
            if sw[i].content and tw[j].content:
                a, b = S[smap == i].mean(0), T[tmap == j].mean(0)
                ctx = float(a @ b / np.linalg.norm(a) / np.linalg.norm(b))
                deltas.append(ctx - float(vec(sw[i].text) @ vec(tw[j].text)))
        feats.append((min(deltas, default=0.0), float(np.mean(deltas)) if deltas else 0.0))
    F = np.array(feats)
    ok = np.array([r["label"] == "ok" for r in rows])
    long = np.array([r["domain"].startswith("long-") for r in rows])
    types = [{e["type"] for e in r["errors"]} for r in rows]
    print(f"valid split: {len(rows)} pairs; ROC-AUC of a lower shift as 'has this error' against correct pairs")
    for col, name in ((0, "min shift"), (1, "mean shift")):
        for kind in ("sense", "calque"):
            bad = np.array([kind in t for t in types])
            for sub, label in ((~long, "short"), (long, "news-length")):
                sel = sub & (ok | bad)
                print(f"  {name:10s} {kind:6s} {label:11s} n={int(bad[sel].sum()):3d}  {roc_auc(bad[sel], -F[sel, col]):.3f}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--pairs", type=int, default=512)
    ap.add_argument("--sense-shift", action="store_true", help="run the sense-shift probe on the valid split instead")
    args = ap.parse_args()
    if args.sense_shift:
        sense_shift()
    else:
        time_split(args.pairs)


if __name__ == "__main__":
    main()
