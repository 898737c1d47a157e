"""Where a fetched file goes inside DIR. Pure: a URL, the server's Content-Disposition and
Content-Type in, a relative POSIX path out. Whatever the server says, the path never leaves DIR:
no `..`, no absolute path, no NUL or control characters, no component longer than the file
system allows."""

from __future__ import annotations

import hashlib
import re
import unicodedata
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

MAX_NAME_BYTES = 200  # ext4 and most file systems allow 255 bytes per name; room for "-2" suffixes
MAX_DIR_PARTS = 8  # deeper URL paths are folded into the last folder's name

DOCUMENT_SUFFIXES = (".pdf", ".doc", ".docx", ".wps", ".ofd", ".xls", ".xlsx", ".et")
IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".webp")
PAGE_SUFFIXES = (".html", ".htm")  # what the build's readers open as pages

_BY_TYPE = {
    "application/pdf": ".pdf",
    "application/msword": ".doc",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.ms-excel": ".xls",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/ofd": ".ofd",
    "application/kswps": ".wps",
    "application/vnd.ms-works": ".wps",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/gif": ".gif",
    "image/bmp": ".bmp",
    "image/tiff": ".tif",
    "image/webp": ".webp",
    "text/html": ".html",
    "application/xhtml+xml": ".html",
}
_UNSAFE = re.compile(r'[\x00-\x1f\x7f<>:"/\\|?*]')


def content_disposition_name(header: str | None) -> str | None:
    """The file name a Content-Disposition header gives (filename* preferred), undecoded
    percent-escapes and GBK bytes as browsers meet them on Chinese sites."""
    if not header:
        return None
    message = Message()
    message["content-disposition"] = header
    name = message.get_filename()
    if name is None:
        return None
    if "%" in name:
        name = unquote(name, encoding="utf-8", errors="replace")
    try:  # raw UTF-8 or GBK bytes, read as Latin-1 by the HTTP layer
        raw = name.encode("latin-1")
    except UnicodeEncodeError:
        return name
    for encoding in ("utf-8", "gb18030"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return name


def safe_component(name: str, fallback: str = "file") -> str:
    """One path component that is a plain name: separators, NUL, control and reserved
    characters replaced, leading dots and trailing dots/spaces dropped, at most MAX_NAME_BYTES."""
    name = unicodedata.normalize("NFC", name)
    name = name.replace("\\", "/").rsplit("/", 1)[-1]  # a name, never a path
    name = _UNSAFE.sub("_", name).strip().lstrip(".").rstrip(". ")
    if not name or name in {".", ".."}:
        name = fallback
    return _shorten(name)


def _shorten(name: str) -> str:
    if len(name.encode("utf-8")) <= MAX_NAME_BYTES:
        return name
    suffix = PurePosixPath(name).suffix
    if len(suffix.encode("utf-8")) > 16:
        suffix = ""
    digest = hashlib.sha256(name.encode("utf-8")).hexdigest()[:8]
    keep = MAX_NAME_BYTES - len(suffix.encode("utf-8")) - len(digest) - 1
    stem = name[: len(name) - len(suffix)] if suffix else name
    stem = stem.encode("utf-8")[:keep].decode("utf-8", errors="ignore")
    return f"{stem}-{digest}{suffix}"


def suffix_for(name: str, content_type: str | None) -> str:
    """The suffix the build's readers should see: the name's own when it is a document, an image
    or a page; else the one the Content-Type names; `.html` for any other page (`.shtml`, `.jsp`)."""
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in DOCUMENT_SUFFIXES + IMAGE_SUFFIXES + PAGE_SUFFIXES:
        return suffix
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return _BY_TYPE.get(media, suffix if re.fullmatch(r"\.[a-z0-9]{1,8}", suffix) else "")


def relative_path(url: str, disposition: str | None = None, content_type: str | None = None) -> str:
    """DIR-relative path for a fetched URL: host/path folders from the URL, the name from
    Content-Disposition when given (else from the URL), and a suffix the readers know."""
    parts = urlsplit(url)
    host = safe_component(parts.hostname or "site", "site")
    if parts.port:
        host = f"{host}_{parts.port}"
    segments = [unquote(s, errors="replace") for s in parts.path.split("/")]
    folders = [safe_component(s) for s in segments[:-1] if s not in {"", ".", ".."}]
    if len(folders) > MAX_DIR_PARTS:
        folders = folders[: MAX_DIR_PARTS - 1] + [
            safe_component("_".join(folders[MAX_DIR_PARTS - 1 :]))
        ]
    url_name = segments[-1] if segments else ""
    if not url_name:
        url_name = "index.html"
    if parts.query:  # download.jsp?id=1 and ?id=2 are different files
        digest = hashlib.sha256(parts.query.encode("utf-8")).hexdigest()[:8]
        stem, dot, ext = url_name.rpartition(".")
        url_name = f"{stem}-{digest}.{ext}" if dot else f"{url_name}-{digest}"
    name = safe_component(content_disposition_name(disposition) or url_name)
    suffix = suffix_for(name, content_type)
    current = PurePosixPath(name).suffix
    if suffix and current.lower() != suffix:
        name = _shorten((name[: -len(current)] if current else name) + suffix)
    return "/".join([host, *folders, name])


def numbered(relative: str, number: int) -> str:
    """The n-th alternative name when another URL already holds `relative`: a.pdf → a-2.pdf."""
    path = PurePosixPath(relative)
    return str(path.with_name(f"{path.stem}-{number}{path.suffix}"))
