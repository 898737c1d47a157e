"""The theme's own page as a shell for pages rendered without MkDocs.

MkDocs builds one placeholder page per kind (report, agency) with the same front matter and
headings as the real pages; its HTML — header, tabs, sidebar, footer, scripts, exactly as the
Material theme renders them — is cut at markers, and each real page's body goes in between.
A report page thus costs one jinja2 render instead of a Markdown parse of its HTML blocks plus
a theme render, and looks the same as if MkDocs had built it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from sitegen.pages import PageParts

SHELL_NAME = "shell-page-placeholder"
TITLE = "@@SHELL-TITLE@@"
START = "<!--SHELL-START-->"
END = "<!--SHELL-END-->"
_HEADING = re.compile(r'<h2 id="([^"]*)">(.*?)</h2>')


def shell_markdown(meta: dict, headings: tuple[str, ...] = ()) -> str:
    """The placeholder page: the real pages' front matter, markers, and their Markdown headings."""
    # The real bodies open with their own <h1>; without one here the theme would add its own.
    body = (
        f"{START}\n\n<h1>{TITLE}</h1>\n\n"
        + "".join(f"## {heading}\n\n" for heading in headings)
        + f"{END}\n"
    )
    return PageParts(TITLE, dict(meta), body).markdown()


@dataclass(frozen=True)
class Shell:
    head: tuple[str, ...]  # the HTML before the body, split where the title goes
    tail: str
    heading_ids: dict[str, str]  # Markdown heading text → the id MkDocs gave it
    # the page as Pagefind reads it: the <html> tag (its lang), the <title>, and the searched
    # element with the body; not the theme's header, navigation, scripts (a third of its time)
    search_head: tuple[str, ...] = ("", "")
    search_tail: str = ""

    def page(self, title: str, body: str) -> str:
        """title must be inert (pages.PageParts.title): MkDocs' templates insert it unescaped."""
        return title.join(self.head) + body + self.tail

    def search_page(self, title: str, body: str) -> str:
        """What Pagefind indexes of page(title, body): the same index, read from fewer bytes."""
        return title.join(self.search_head) + without_ignored(body) + self.search_tail

    def body_html(self, markdown: str) -> str:
        """The HTML MkDocs makes of a body of HTML blocks and `## ` headings (all it contains)."""
        lines = []
        for line in markdown.split("\n"):
            if line.startswith("## "):
                text = line[3:].strip()
                line = f'<h2 id="{self.heading_ids[text]}">{text}</h2>'
            lines.append(line)
        return "\n".join(lines)


# an element Pagefind skips, with all it holds (the pages' templates mark only <div> and <p>)
_IGNORED = re.compile(r"<(div|p)\b[^>]*\sdata-pagefind-ignore[\s>]")
_TAGS = {name: re.compile(rf"<(/?){name}\b[^>]*>") for name in ("div", "p")}


def without_ignored(html: str) -> str:
    """html without its data-pagefind-ignore elements: what Pagefind indexes of it is the same."""
    kept: list[str] = []
    position = 0
    while (ignored := _IGNORED.search(html, position)) is not None:
        kept.append(html[position : ignored.start()])
        depth = 0
        for tag in _TAGS[ignored.group(1)].finditer(html, ignored.start()):
            depth += -1 if tag.group(1) else 1
            if depth == 0:
                position = tag.end()
                break
        else:  # not closed: left as it is, for Pagefind to read
            position = ignored.start()
            break
    kept.append(html[position:])
    return "".join(kept)


_INDENT = re.compile(r"\n\s+")
_HTML_TAG = re.compile(r"<html[^>]*>")
_TITLE_TAG = re.compile(r"<title>.*?</title>", re.S)
SEARCHED_ELEMENT = "<div data-pagefind-body>"  # docs/overrides/main.html


def read_shell(html_file: Path) -> Shell:
    """The shell of a built placeholder page, its indentation and blank lines dropped (a third of
    its bytes: the theme's markup has no <pre> or <textarea>, and its scripts depend on neither)."""
    html = _INDENT.sub("\n", html_file.read_text(encoding="utf-8"))
    start, end = html.index(START), html.index(END)
    ids = {text: anchor for anchor, text in _HEADING.findall(html[start:end])}
    tail = html[end + len(END) :]
    if TITLE in tail:
        raise ValueError("the page title appears after the content: the shell cannot be cut")
    return Shell(tuple(html[:start].split(TITLE)), tail, ids, *_search_shell(html[:start], tail))


def _search_shell(head: str, tail: str) -> tuple[tuple[str, ...], str]:
    """The parts of a page's shell Pagefind reads; none when the page is not searched."""
    html_tag, title_tag = _HTML_TAG.search(head), _TITLE_TAG.search(head)
    searched = head.rfind(SEARCHED_ELEMENT)
    if html_tag is None or title_tag is None or searched < 0:
        return ("", ""), ""
    opening = (
        f'<!doctype html>\n{html_tag.group(0)}\n<head>\n<meta charset="utf-8">\n'
        f"{title_tag.group(0)}\n</head>\n<body>\n{head[searched:]}"
    )
    article_end = tail.find("</article>")
    closing = (tail[:article_end] if article_end >= 0 else tail) + "\n</body>\n</html>\n"
    return tuple(opening.split(TITLE)), closing
