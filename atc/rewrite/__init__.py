"""Rewriting: splice guarded API calls into the source, the original code kept as fallback."""
