"""Parsed reports + the written data package → a searchable static site (MkDocs + Pagefind)."""

from sitegen.build import build_site

__all__ = ["build_site"]
