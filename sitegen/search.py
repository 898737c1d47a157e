"""Index the built site with Pagefind (its binary, via the pinned python package)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def index_site(site: Path) -> None:
    """Write site/pagefind/: the index and the search UI the theme's header loads."""
    result = subprocess.run(
        [sys.executable, "-m", "pagefind", "--site", str(site), "--silent"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0 or not (site / "pagefind" / "pagefind-ui.js").is_file():
        raise RuntimeError(
            f"pagefind failed ({result.returncode}): {result.stderr or result.stdout}"
        )
