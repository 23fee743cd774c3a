"""Score the fixed pairs with the reference package (unbabel-comet), in its own venv.

    /work/refvenv/bin/python benchmarks/parity/score_reference.py CKPT_ROOT OUT.json

CKPT_ROOT holds the folders `recipe.build_all` writes. Output: per variant, the scores and (xCOMET)
the error spans exactly as `comet` returns them.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairs import PAIRS  # noqa: E402
from recipe import VARIANTS  # noqa: E402


def main(root: str, out_path: str) -> None:
    import comet
    import torch

    logging.getLogger("pytorch_lightning").setLevel(logging.ERROR)
    logging.getLogger("lightning.pytorch").setLevel(logging.ERROR)
    torch.manual_seed(0)
    samples = [{"src": src, "mt": tgt} for src, tgt in PAIRS]
    out: dict[str, dict[str, object]] = {"comet_version": comet.__version__, "variants": {}}
    for variant in VARIANTS:
        ckpt = Path(root) / variant / "checkpoints" / "model.ckpt"
        # strict=True: prove every tensor in the checkpoint is used (the reference defaults to
        # strict=False, which would leave a mismatched layer randomly initialised).
        model = comet.load_from_checkpoint(str(ckpt), strict=True, local_files_only=True)
        pred = model.predict(samples, batch_size=4, gpus=0, progress_bar=False, num_workers=0)
        entry: dict[str, object] = {"scores": [float(s) for s in pred.scores]}
        meta = pred.get("metadata")
        if meta is not None and "error_spans" in meta:
            entry["spans"] = [
                [{k: span[k] for k in ("start", "end", "severity", "text")} for span in spans]
                for spans in meta["error_spans"]
            ]
        out["variants"][variant] = entry
        print(variant, [round(s, 6) for s in entry["scores"]])
    Path(out_path).write_text(json.dumps(out, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
