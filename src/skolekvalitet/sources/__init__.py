"""Readers for external formats (Udir exports, Skoleporten, SSB, CSV/XLSX): bytes in, tidy records
out. Pure Python, never Django (enforced by the import-linter contract in pyproject.toml).
"""
