"""Orchestration: read a folder of reports, parse them, hand the records to the later stages."""
