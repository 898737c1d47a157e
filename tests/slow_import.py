"""A parse target whose import is slow, like the readers' (pdfplumber, lxml, OpenCC) on a busy
machine: tests/test_sandbox.py checks that this start-up is not counted in a file's time limit."""

import time

from pipeline.parse_folder import parse_or_fail

time.sleep(2)

parse = parse_or_fail
