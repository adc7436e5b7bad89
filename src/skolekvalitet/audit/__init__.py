"""Audit log of every write. Call `record` from actions, inside their transaction."""
