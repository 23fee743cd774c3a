"""Train the tiny sentencepiece tokenizer used by every parity checkpoint (run once; output committed).

Run in /work/venv (transformers 5 + protobuf convert the sentencepiece model to tokenizer.json; the
reference venv cannot: sentencepiece 0.2.3's protobuf module needs protobuf >= 5, the reference pins < 5):

    PYTHONPATH=. /work/venv/bin/python benchmarks/parity/build_tokenizer.py tests/qe/data/tiny-spm

Text: the demo corpus plus the pairs in pairs.py (all written for mtqa, except the demo pair).
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks" / "parity"))

from pairs import PAIRS, TOKENIZER_TEXT  # noqa: E402

CORPUS = Path("/work/shared/corpora/rekognition")


def main(out_dir: str) -> None:
    import sentencepiece as spm
    from transformers import XLMRobertaTokenizer

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for name in ("source.it.txt", "target.en.txt"):
        path = CORPUS / name
        if path.is_file():
            lines += [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]
    for src, tgt in PAIRS:
        lines += [s for s in (src, tgt) if s]
    lines += TOKENIZER_TEXT
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "text.txt"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        spm.SentencePieceTrainer.train(
            input=str(text),
            model_prefix=str(out / "sentencepiece.bpe"),
            vocab_size=600,
            model_type="unigram",
            character_coverage=1.0,
            num_threads=1,
            hard_vocab_limit=False,
            # XLM-R's fairseq layout puts <s>,<pad>,</s>,<unk> first; spm only needs unk here.
            bos_id=-1,
            eos_id=-1,
            unk_id=0,
        )
    (out / "sentencepiece.bpe.vocab").unlink(missing_ok=True)
    # from_pretrained on a folder holding only the .model converts it (the constructor does not).
    tok = XLMRobertaTokenizer.from_pretrained(str(out))
    tok.model_max_length = 128
    tok.save_pretrained(str(out))
    cfg_path = out / "tokenizer_config.json"
    cfg = json.loads(cfg_path.read_text(encoding="utf-8"))
    # transformers 5 writes extra_special_tokens as a list that transformers 4 rejects; keep neither.
    cfg.pop("extra_special_tokens", None)
    cfg_path.write_text(json.dumps(cfg, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    print(f"vocab size {len(tok)}; files: {sorted(p.name for p in out.iterdir())}")


if __name__ == "__main__":
    main(sys.argv[1])
