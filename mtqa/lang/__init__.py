"""Language knowledge shared by the rule checks and the models (word lists, tokenizers)."""
