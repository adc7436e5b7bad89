"""Pure statistics (numpy/scipy only, never Django): intervals, trends, suppression, value added.

Enforced by the import-linter contract in pyproject.toml.
"""
