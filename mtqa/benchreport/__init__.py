"""`mtqa bench`: many documents from several MT systems, compared with sacrebleu-exact reference
metrics, mtqa's QE system score and issue rates, bootstrap intervals and paired significance.

Modules: `inputs` (the manifest), `run` (checking and aggregation), `metrics` (what is measured),
`stats` (resampling), `render` and `html` (reports)."""
