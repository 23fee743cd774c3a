"""Neural quality estimation: published QE checkpoints run with plain torch + transformers.

Loaded only on use (the `qe` scorer, `mtqa models`): importing `mtqa.models.qe` itself imports neither torch
nor transformers. Layout follows COMET's split: `encoder` (the transformer), `layers` (layer mix,
estimator), `comet` / `metricx` (the model families), `inputs` (joining and windowing), `runtime`
(device, precision, batching), `resolve` (ids, folders, Hugging Face cache), `scorer` (the Scorer).
"""
