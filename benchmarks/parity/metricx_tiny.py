"""A tiny random mT5 in MetricX's shape, for the MetricX tests (no weights are committed).

    PYTHONPATH=. /work/venv/bin/python benchmarks/parity/metricx_tiny.py tests/qe/data/tiny-t5spm

trains the T5-layout sentencepiece tokenizer once (pad 0, eos 1, unk 2, plus 100 <extra_id_N>, as
mT5's); `build_model` makes the seeded model folder inside a test session.
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

TINY_MT5 = {
    "d_model": 32,
    "d_ff": 64,
    "d_kv": 8,
    "num_heads": 4,
    "num_layers": 2,
    "num_decoder_layers": 2,
    "relative_attention_num_buckets": 8,
    "dropout_rate": 0.1,
    "tie_word_embeddings": False,  # as mT5 / MetricX
    "feed_forward_proj": "gated-gelu",
    "decoder_start_token_id": 0,
    "pad_token_id": 0,
    "eos_token_id": 1,
}


def build_tokenizer(out_dir: str) -> None:
    import sentencepiece as spm
    from transformers import T5Tokenizer

    from pairs import PAIRS, TOKENIZER_TEXT

    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines = [s for p in PAIRS for s in p if s] + TOKENIZER_TEXT
    with tempfile.TemporaryDirectory() as tmp:
        text = Path(tmp) / "text.txt"
        text.write_text("\n".join(lines) + "\n", encoding="utf-8")
        spm.SentencePieceTrainer.train(
            input=str(text), model_prefix=str(out / "spiece"), vocab_size=300, model_type="unigram",
            character_coverage=1.0, num_threads=1, hard_vocab_limit=False,
            pad_id=0, eos_id=1, unk_id=2, bos_id=-1, normalization_rule_name="identity",
        )
    (out / "spiece.vocab").unlink(missing_ok=True)
    tok = T5Tokenizer.from_pretrained(str(out), extra_ids=100)
    tok.save_pretrained(str(out))
    print(len(tok), tok.convert_tokens_to_ids("<extra_id_10>"), sorted(p.name for p in out.iterdir()))


def build_model(out_dir: Path, tokenizer_dir: Path, seed: int = 20260711) -> Path:
    import shutil

    import torch
    from transformers import AutoTokenizer, MT5Config, MT5ForConditionalGeneration

    tok = AutoTokenizer.from_pretrained(str(tokenizer_dir), local_files_only=True)
    config = MT5Config(vocab_size=len(tok), **TINY_MT5)
    gen_state = torch.random.get_rng_state()
    torch.manual_seed(seed)
    model = MT5ForConditionalGeneration(config)
    with torch.no_grad():  # unscaled logits sit near 5 +- 1; x8 puts some above 25 (clamped), some below
        model.lm_head.weight.mul_(8.0)
    torch.random.set_rng_state(gen_state)
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(out_dir))
    for f in tokenizer_dir.iterdir():
        shutil.copyfile(f, out_dir / f.name)
    return out_dir


if __name__ == "__main__":
    build_tokenizer(sys.argv[1])
