"""Cheap features of a region that decide whether it is worth a search."""
