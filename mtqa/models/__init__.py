"""Model runtimes: sentence encoders (`encoders`), the published QE families (`qe`), mtqa's own
offline QE (`offline`) and the neural similarity scorer. Importing this package imports no model
library: torch and transformers load inside the functions that run a model."""
