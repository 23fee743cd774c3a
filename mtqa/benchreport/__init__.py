"""`mtqa bench`: many documents from several MT systems, compared with sacrebleu-exact reference
metrics, mtqa's QE system score and issue rates, bootstrap intervals and paired significance.

Modules: `inputs` (the manifest), `checking` (each row into a report), `run` (aggregation),
`metrics` (what is measured), `stats` (resampling), `meta` (agreement with human judgements),
`render` and `html` (reports)."""
