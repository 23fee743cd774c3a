"""Training-time code (not imported by the mtqa runtime): the error generator that writes
meaning errors into real translations for training the offline QE model.

Needs the `train` extra (lemminflect) and WordNet 3.0's dict files (Debian `wordnet-base`).
"""
