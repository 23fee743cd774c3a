"""Training and evaluation of mtqa's own models, outside the runtime path: nothing under `mtqa`
that a check or a report runs imports this package. It holds the error generator that writes meaning
errors into real translations (needs the `train` extra, lemminflect, and WordNet 3.0's dict files
from Debian `wordnet-base`), the offline QE model's training and its evaluation features/metrics."""
