"""File → text: the I/O edge before the pure parser. One reader per file format."""

from readers.dispatch import SUPPORTED_SUFFIXES, read_document, read_report_file

__all__ = ["SUPPORTED_SUFFIXES", "read_document", "read_report_file"]
