"""Rule-based accuracy and fluency checks, each a scorer (mtqa.scoring.Scorer)."""
