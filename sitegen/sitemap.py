"""sitemap.xml for pages MkDocs did not render: the shell placeholders' entries become one per
real report, agency and list page (MkDocs lists pages only when site_url is set)."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

from sitegen.shell import SHELL_NAME

_URL = re.compile(r"\s*<url>.*?</url>", re.DOTALL)


def fix_sitemap(built: Path, paths: list[str]) -> None:
    sitemap = built / "sitemap.xml"
    if not sitemap.is_file():
        return
    xml = sitemap.read_text(encoding="utf-8")
    shells = [m for m in _URL.finditer(xml) if SHELL_NAME in m.group(0)]
    if not shells:
        return
    template = shells[0].group(0)
    kept = _URL.sub(lambda m: "" if SHELL_NAME in m.group(0) else m.group(0), xml)
    shell_path = re.search(r"[a-z]+/" + SHELL_NAME + "/", template)
    assert shell_path is not None
    added = "".join(template.replace(shell_path.group(0), path) for path in paths)
    xml = kept.replace("</urlset>", f"{added}\n</urlset>")
    sitemap.write_text(xml, encoding="utf-8")
    (built / "sitemap.xml.gz").write_bytes(gzip.compress(xml.encode("utf-8"), mtime=0))
