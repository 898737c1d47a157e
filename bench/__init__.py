"""Benchmark: a generated national corpus built end to end, against the plain MkDocs way."""
