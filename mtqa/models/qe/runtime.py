"""Device, precision and batching for QE inference.

No global torch state is touched (no set_num_threads, no seeds, no default dtype): the caller's
process is left as it was. Inference is deterministic: eval mode, no dropout, fixed batch order.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar

import torch

from mtqa.config import PRECISIONS
from mtqa.errors import UsageError

DEVICES = ("auto", "cpu", "cuda", "mps")
# int8: dynamic quantisation of the encoder's Linear layers (CPU only); activations stay fp32.
_DTYPES = {"fp32": torch.float32, "bf16": torch.bfloat16, "fp16": torch.float16, "int8": torch.float32}

T = TypeVar("T")
R = TypeVar("R")


@dataclass(frozen=True)
class Runtime:
    device: torch.device
    precision: str  # fp32 | bf16 | fp16 | int8

    @property
    def dtype(self) -> torch.dtype:
        return _DTYPES[self.precision]


def check_device(device: str) -> None:
    """Refuse a --device this machine lacks, before anything is loaded (exit 2, with the fix)."""
    if device not in DEVICES:
        raise UsageError(f"unknown --device {device!r}; valid: {', '.join(DEVICES)}")
    if device == "cuda" and not torch.cuda.is_available():
        raise UsageError("--device cuda but torch sees no CUDA GPU here; use --device cpu or auto")
    if device == "mps" and not torch.backends.mps.is_available():
        raise UsageError("--device mps but torch sees no Apple GPU here; use --device cpu or auto")


def resolve_runtime(device: str, precision: str) -> Runtime:
    """auto -> cuda, then mps, then cpu; precision auto -> fp32 (CPU and MPS), bf16 on CUDA when the
    GPU supports it (fp16 otherwise). fp16/bf16 on CPU are refused: slower than fp32 there and not
    what the parity figures cover."""
    check_device(device)
    if precision not in PRECISIONS:
        raise UsageError(f"unknown --precision {precision!r}; valid: {', '.join(PRECISIONS)}")
    if device == "auto":
        if torch.cuda.is_available():
            device = "cuda"
        elif torch.backends.mps.is_available():
            device = "mps"
        else:
            device = "cpu"
    if precision == "auto":
        if device == "cuda":
            precision = "bf16" if torch.cuda.is_bf16_supported() else "fp16"
        else:
            precision = "fp32"
    if device == "cpu" and precision in ("bf16", "fp16"):
        raise UsageError(f"--precision {precision} is for GPUs; on CPU use fp32 (auto) or int8")
    if device != "cpu" and precision == "int8":
        raise UsageError("--precision int8 (dynamic quantisation) runs on CPU only; use --device cpu")
    return Runtime(torch.device(device), precision)


def run_sorted(
    items: Sequence[T],
    length: Callable[[T], int],
    batch_size: int,
    run: Callable[[list[T]], list[R]],
) -> list[R]:
    """Run `run` on batches of items sorted by length (less padding), return results in input order."""
    order = sorted(range(len(items)), key=lambda i: (length(items[i]), i))
    results: list[R | None] = [None] * len(items)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        for i, res in zip(idx, run([items[i] for i in idx]), strict=True):
            results[i] = res
    return results  # type: ignore[return-value]


def pad(rows: Sequence[Sequence[int]], value: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Right-pad id rows; return (ids, attention mask) as int64 tensors."""
    width = max(len(r) for r in rows)
    ids = torch.full((len(rows), width), value, dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.long)
    for i, row in enumerate(rows):
        ids[i, : len(row)] = torch.tensor(row, dtype=torch.long)
        mask[i, : len(row)] = 1
    return ids, mask
