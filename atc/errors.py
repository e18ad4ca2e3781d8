"""Errors that reach the user as one clear line."""


class AtcError(Exception):
    """An input ATC cannot process; the message says what and where."""
