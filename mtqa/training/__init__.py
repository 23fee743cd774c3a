"""Training and evaluation of mtqa's own models, outside the runtime path: nothing under `mtqa`
that a check or a report runs imports this package."""
