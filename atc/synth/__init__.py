"""Binding search: API parameters <- user variables, pruned by constraints, ranked by names."""
