"""Plain text from a letter's HTML, for email bodies and ``.txt`` files.

The letter is written once, in HTML templates; this turns the few elements they use (headings,
paragraphs, lists, line breaks) into readable text, so the PDF and the email never disagree.
Elements marked ``data-text-skip`` (e.g. print-only layout) are left out.
"""

import re
from html.parser import HTMLParser

_BLOCKS = {
    "p",
    "div",
    "section",
    "address",
    "h1",
    "h2",
    "h3",
    "h4",
    "ul",
    "ol",
    "dl",
    "dt",
    "dd",
    "table",
    "tr",
    "header",
    "footer",
    "article",
    "blockquote",
}
_SKIP = {"head", "style", "script", "title"}
_VOID = {"br", "img", "meta", "link", "hr", "input", "col", "wbr", "source"}


class _TextBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.lists: list[list] = []  # [tag, counter]

    @property
    def skipping(self) -> bool:
        return bool(self.stack) and self.stack[-1][1]

    def _newlines(self, count: int) -> None:
        text = "".join(self.out[-3:])
        if not self.out:
            return
        trailing = len(text) - len(text.rstrip("\n"))
        if trailing < count:
            self.out.append("\n" * (count - trailing))

    def handle_starttag(self, tag, attrs):
        skipped = self.skipping or tag in _SKIP or "data-text-skip" in dict(attrs)
        if tag not in _VOID:
            self.stack.append((tag, skipped))
        if skipped:
            return
        if tag == "br":
            self.out.append("\n")
        elif tag in ("ul", "ol"):
            self._newlines(1 if self.lists else 2)
            self.lists.append([tag, 0])
        elif tag == "li":
            self._newlines(1)
            indent = "   " * (len(self.lists) - 1)
            if self.lists and self.lists[-1][0] == "ol":
                self.lists[-1][1] += 1
                self.out.append(f"{indent}{self.lists[-1][1]}. ")
            else:
                self.out.append(f"{indent}- ")
        elif tag in _BLOCKS:
            self._newlines(2)

    def handle_endtag(self, tag):
        if tag in _VOID:
            return
        skipped = False
        while self.stack:
            open_tag, skipped = self.stack.pop()
            if open_tag == tag:
                break
        if skipped:
            return
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
            self._newlines(2)
        elif tag in _BLOCKS:
            self._newlines(2)

    def handle_data(self, data):
        if self.skipping:
            return
        collapsed = re.sub(r"\s+", " ", data)
        if not self.out or self.out[-1].endswith(("\n", " ")):
            collapsed = collapsed.lstrip()
        if collapsed:
            self.out.append(collapsed)


def html_to_text(html: str) -> str:
    builder = _TextBuilder()
    builder.feed(html)
    builder.close()
    lines = [line.rstrip() for line in "".join(builder.out).split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip() + "\n"


# A full stop after a letter and a full stop, not part of an ellipsis: "Sp. z o.o.." where a name
# ending in an abbreviation ends a sentence.
_DOUBLE_STOP = re.compile(r"(?<=[^\W\d_]\.)\.(?!\.)")


def single_full_stops(html: str) -> str:
    """The letter without a doubled full stop where an inserted name or word ends in an
    abbreviation's full stop ("… Sp. z o.o." or "… Inc." at the end of a sentence) and the
    sentence adds its own. Any language's sentence can end with a name, so this is done once,
    on the rendered letter, rather than in every translation."""
    return _DOUBLE_STOP.sub("", html)
