"""Readers of documents and pair files, and the atomic output writer."""
