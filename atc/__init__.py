"""ATC: finds the matrix multiplies hidden in C code and rewrites them into tensor-library calls."""

__version__ = "0.1.0"
