"""The small heads COMET puts on top of the encoder: the layer mix and the feed-forward estimator.

Numerics follow the reference (unbabel-comet 2.2.7, comet/modules/) so scores match to ~1e-7 in fp32.
"""

from __future__ import annotations

from collections.abc import Sequence

import torch
from torch import nn

from mtqa.errors import ModelUnavailableError


def sparsemax(scores: torch.Tensor) -> torch.Tensor:
    """Sparsemax over a 1-D tensor (Martins & Astudillo 2016), same operations as `entmax.sparsemax`."""
    shifted = scores - scores.max()
    ranked, _ = torch.sort(shifted, descending=True)
    cumsum = ranked.cumsum(0) - 1
    rhos = torch.arange(1, ranked.numel() + 1, dtype=scores.dtype, device=scores.device)
    support = (rhos * ranked > cumsum).sum()
    tau = cumsum[support - 1] / support.to(scores.dtype)
    return torch.clamp(shifted - tau, min=0)


# hparams `layer_transformation` -> mixing function. "sparsemax_patch" is the reference's marker for
# checkpoints trained while its sparsemax option was silently ignored (COMET #244): softmax.
TRANSFORMS = ("softmax", "sparsemax", "sparsemax_patch")


class LayerMix(nn.Module):
    """Scalar mix of all hidden states: gamma * sum_k w_k * h_k, w = softmax|sparsemax(params).

    With `layer_norm`, each layer is first normalised with one mean/variance per sequence over the
    unmasked tokens and all dimensions (CometKiwi-23 XL/XXL).
    """

    def __init__(self, num_layers: int, *, transform: str = "softmax", layer_norm: bool = False) -> None:
        super().__init__()
        if transform not in TRANSFORMS:
            raise ModelUnavailableError(f"unknown layer_transformation {transform!r}; known: {', '.join(TRANSFORMS)}")
        self.num_layers = num_layers
        self.transform = transform
        self.layer_norm = layer_norm
        self.scalar_parameters = nn.ParameterList(
            [nn.Parameter(torch.zeros(1)) for _ in range(num_layers)]
        )
        self.gamma = nn.Parameter(torch.ones(1))

    def weights(self) -> list[torch.Tensor]:
        raw = torch.cat(list(self.scalar_parameters))
        normed = sparsemax(raw) if self.transform == "sparsemax" else torch.softmax(raw, dim=0)
        return list(torch.split(normed, 1))

    def _normalise(self, layers: Sequence[torch.Tensor], mask: torch.Tensor) -> list[torch.Tensor]:
        # One mean/variance per sequence over unmasked tokens x dims, as comet/modules/layerwise_attention.
        mask_f = mask.float()
        bmask = mask_f.unsqueeze(-1)
        batch, _, dim = layers[0].shape
        count = mask_f.sum(1) * dim
        out = []
        for tensor in layers:
            masked = tensor * bmask
            mean = (masked.view(batch, -1).sum(1) / count).view(batch, 1, 1)
            var = (((masked - mean) * bmask) ** 2).view(batch, -1).sum(1) / count
            out.append((tensor - mean) / torch.sqrt(var + 1e-12).view(batch, 1, 1))
        return out

    def forward(
        self, layers: Sequence[torch.Tensor], mask: torch.Tensor, *, first_token_only: bool = False
    ) -> torch.Tensor:
        """Mix `layers` ([B, T, H] each). `first_token_only` returns [B, H] for the <s> position only:
        unified models read nothing else, and the mix then costs B*H instead of B*T*H per layer."""
        if len(layers) != self.num_layers:
            raise ModelUnavailableError(f"{len(layers)} hidden states for a mix of {self.num_layers} layers")
        if self.layer_norm:
            layers = self._normalise(layers, mask)
        if first_token_only:
            layers = [t[:, 0, :] for t in layers]
        return self.mix_rows(layers)

    def mix_rows(self, rows: Sequence[torch.Tensor]) -> torch.Tensor:
        """The mix of already selected (and, with layer_norm, already normalised) tensors."""
        pieces = [w * t for w, t in zip(self.weights(), rows, strict=True)]
        total: torch.Tensor = self.gamma * sum(pieces)
        return total


class Estimator(nn.Module):
    """Linear -> act -> Dropout, repeated, then Linear to one output; keys `ff.0`, `ff.3`, `ff.6`."""

    def __init__(
        self,
        in_dim: int,
        hidden_sizes: Sequence[int],
        *,
        activation: str = "Tanh",
        final_activation: str | None = None,
        out_dim: int = 1,
    ) -> None:
        super().__init__()
        modules: list[nn.Module] = []
        sizes = [in_dim, *hidden_sizes]
        for i in range(len(hidden_sizes)):
            modules += [nn.Linear(sizes[i], sizes[i + 1]), _activation(activation), nn.Dropout(0.0)]
        modules.append(nn.Linear(sizes[-1], out_dim))
        if final_activation:
            modules.append(_activation(final_activation))
        self.ff = nn.Sequential(*modules)

    def forward(self, features: torch.Tensor) -> torch.Tensor:
        out: torch.Tensor = self.ff(features)
        return out


def _activation(name: str) -> nn.Module:
    cls = getattr(nn, name.title(), None)
    if cls is None or not isinstance(cls, type) or not issubclass(cls, nn.Module):
        raise ModelUnavailableError(f"unknown activation {name!r} in hparams.yaml (expected a torch.nn name, e.g. Tanh)")
    return cls()
