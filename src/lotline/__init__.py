"""Lotline: lot traceability for food producers."""

__version__ = "0.1.0"
