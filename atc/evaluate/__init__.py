"""Evaluation helpers shared by `atc eval`, the benchmarks and the tests: building and running programs."""
