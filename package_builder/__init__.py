"""Parsed reports → a Frictionless open data package (CSV + Parquet, Table Schemas, README)."""

from package_builder.describe import ReportMeta, describe_reports
from package_builder.write import write_package

__all__ = ["ReportMeta", "describe_reports", "write_package"]
