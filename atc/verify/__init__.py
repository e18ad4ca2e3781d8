"""Checking candidate bindings: behavioural tests against reference semantics."""
