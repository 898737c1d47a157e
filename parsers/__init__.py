"""Text of one annual report → structured record (pure functions, no I/O)."""

from parsers.report import parse_report

__all__ = ["parse_report"]
