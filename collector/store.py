"""What was fetched, in SQLite inside DIR/.collect/: each URL's file, its validators (ETag,
Last-Modified) for conditional requests, and the links each page led to, so that a page answered
304 Not Modified still leads to its reports and attachments. Every record is committed as soon as
its file is in place, so a run stopped at any moment continues on the next one."""

from __future__ import annotations

import csv
import io
import os
import sqlite3
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from collector.names import numbered
from readers.manifest import COLLECTOR_COLUMNS, COLLECTOR_STATE, MANIFEST_NAME

SCHEMA = """
CREATE TABLE IF NOT EXISTS fetched (
    url TEXT PRIMARY KEY,      -- as first requested, before redirects
    kind TEXT NOT NULL,        -- list | report | attachment
    file TEXT UNIQUE,          -- DIR-relative path; NULL for list pages (not kept)
    final_url TEXT,            -- after redirects: the manifest's source_url
    agency TEXT, region TEXT, year INTEGER,
    etag TEXT, last_modified TEXT, sha256 TEXT, fetched_at TEXT
);
CREATE TABLE IF NOT EXISTS links (
    page TEXT NOT NULL, url TEXT NOT NULL, kind TEXT NOT NULL,
    year INTEGER, agency TEXT,
    PRIMARY KEY (page, url)
);
"""


@dataclass(frozen=True)
class Fetched:
    url: str
    kind: str
    file: str | None
    final_url: str | None
    agency: str | None
    region: str | None
    year: int | None
    etag: str | None
    last_modified: str | None
    sha256: str | None
    fetched_at: str | None


@dataclass(frozen=True)
class StoredLink:
    url: str
    kind: str  # list | report | attachment
    year: int | None = None
    agency: str | None = None


class Store:
    def __init__(self, folder: Path) -> None:
        self.folder = folder
        state = folder / COLLECTOR_STATE
        state.mkdir(parents=True, exist_ok=True)
        self.db = sqlite3.connect(state / "state.sqlite")
        self.db.executescript(SCHEMA)
        self.db.commit()

    def close(self) -> None:
        self.db.close()

    def get(self, url: str) -> Fetched | None:
        row = self.db.execute(f"SELECT {_FIELDS} FROM fetched WHERE url = ?", (url,)).fetchone()
        return Fetched(*row) if row else None

    def file_name(self, url: str, wanted: str) -> str:
        """The file this URL is kept in: the one it already has, else `wanted` or, when another
        URL holds that name, wanted-2, wanted-3, …"""
        known = self.get(url)
        if known and known.file:
            return known.file
        name, number = wanted, 1
        while True:
            holder = self.db.execute("SELECT url FROM fetched WHERE file = ?", (name,)).fetchone()
            if holder is None or holder[0] == url:
                return name
            number += 1
            name = numbered(wanted, number)

    def record(self, fetched: Fetched) -> None:
        self.db.execute(
            f"INSERT OR REPLACE INTO fetched ({_FIELDS}) VALUES ({', '.join('?' * 11)})",
            (
                fetched.url,
                fetched.kind,
                fetched.file,
                fetched.final_url,
                fetched.agency,
                fetched.region,
                fetched.year,
                fetched.etag,
                fetched.last_modified,
                fetched.sha256,
                fetched.fetched_at,
            ),
        )
        self.db.commit()

    def set_links(self, page: str, links: Iterable[StoredLink]) -> None:
        with self.db:
            self.db.execute("DELETE FROM links WHERE page = ?", (page,))
            self.db.executemany(
                "INSERT OR IGNORE INTO links (page, url, kind, year, agency) VALUES (?, ?, ?, ?, ?)",
                [(page, link.url, link.kind, link.year, link.agency) for link in links],
            )

    def links(self, page: str) -> list[StoredLink]:
        rows = self.db.execute(
            "SELECT url, kind, year, agency FROM links WHERE page = ? ORDER BY rowid", (page,)
        )
        return [StoredLink(*row) for row in rows]

    def files(self) -> list[Fetched]:
        rows = self.db.execute(
            f"SELECT {_FIELDS} FROM fetched WHERE file IS NOT NULL ORDER BY file"
        ).fetchall()
        return [Fetched(*row) for row in rows]

    def write_manifest(self) -> Path:
        """DIR/manifest.csv from the store: one row per file kept (never twice), written whole
        to a temporary file and then renamed, so the build never reads half a manifest."""
        buffer = io.StringIO(newline="")
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(COLLECTOR_COLUMNS)
        for f in self.files():
            if (self.folder / f.file).is_file():
                writer.writerow(
                    [f.file, f.agency, f.region, f.year, f.final_url, f.fetched_at, f.sha256]
                )
        path = self.folder / MANIFEST_NAME
        temporary = self.folder / COLLECTOR_STATE / (MANIFEST_NAME + ".partial")
        temporary.write_text(buffer.getvalue(), encoding="utf-8")
        os.replace(temporary, path)
        return path


_FIELDS = (
    "url, kind, file, final_url, agency, region, year, etag, last_modified, sha256, fetched_at"
)
