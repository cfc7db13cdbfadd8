"""Remove web boilerplate from article text before extraction.

Photo captions and credits, "hide caption"/"toggle caption", share buttons, by-lines
and reporting credits, and everything from a "Related Articles" block on are dropped,
so that agencies, photographers and journalists never become actors and headlines of
unrelated stories never become facts.
"""

from __future__ import annotations

import re

#: Lines dropped wherever they appear (compared after stripping, case-insensitive).
BOILERPLATE_LINES = frozenset(
    {
        "hide caption",
        "toggle caption",
        "source link",
        "back to top button",
        "back to top",
        "advertisement",
        "share this article",
        "share",
        "most shared",
        "skip to content",
        "skip to main content",
        "enlarge this image",
        "listen",
        "print",
        "email",
        "close",
        "none",
        "key points",
    }
)

#: A line that starts one of these blocks ends the article: what follows is other stories.
TAIL_MARKERS = re.compile(
    r"^(related( articles| stories| content| coverage| news| posts)?|read more|more from [\w ]+|"
    r"recommended( stories)?|you may also like|more stories|latest news|most read|trending)\s*:?\s*$",
    re.IGNORECASE,
)

#: Photo credits and captions markers.
CREDIT = re.compile(
    r"(getty images|\bvia getty\b|/\s*(afp|reuters|ap|epa|anadolu|xinhua|sopa)\b|\b(afp|reuters|ap|epa)\s*/|"
    r"^(photo|image|photograph|picture|credit|file photo|pictured)\s*(:|by\b)|\bphoto credit\b|"
    r"\(photo:|\bshutterstock\b|\bassociated press photo\b)",
    re.IGNORECASE,
)

#: By-lines and reporting credits.
BYLINE = re.compile(
    r"^(by\s+[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3}(\s*(,|and)\s*[A-Z][\w.'’-]+(\s+[A-Z][\w.'’-]+){0,3})*\s*$|"
    r"(reporting|writing|editing|additional reporting|compiled|written|produced|edited) by\b|"
    r".{0,120}\bcontributed (reporting|to this report)\b)",
    re.IGNORECASE,
)

#: Agency tags in datelines: "BAGHDAD, Feb 8 (Reuters) —".
AGENCY_TAG = re.compile(r"\s*\((reuters|ap|afp|wire|xinhua|anadolu|upi|dpa|efe)\)", re.IGNORECASE)

#: Live-blog timestamps that open an entry: "14:30 GMT — ", "09:15 ET - ".
TIMESTAMP = re.compile(
    r"^\d{1,2}[:.]\d{2}\s*(?:[AP]\.?M\.?\s*)?(?:GMT|UTC|BST|CET|CEST|EST|EDT|ET|PT|local time)?\s*[—–-]+\s*",
    re.IGNORECASE,
)

MAX_CREDIT_LINE = 160


def is_boilerplate(line: str) -> bool:
    text = line.strip()
    if not text:
        return False
    if text.casefold() in BOILERPLATE_LINES:
        return True
    if len(text) <= MAX_CREDIT_LINE and CREDIT.search(text):
        return True
    return len(text) <= 400 and bool(BYLINE.match(text))


#: A site name after the headline: "... Kataib Hezbollah. : NPR", "... | Reuters".
TITLE_SITE_SUFFIX = re.compile(r"\s+[:|]\s+[A-Z][\w .&'-]{0,40}$")


def clean_text(text: str) -> str:
    """Cleaned article text: paragraphs separated by blank lines, boilerplate removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ")
    kept: list[str] = []
    headline_done = False
    seen: set[str] = set()
    for raw in text.split("\n"):
        line = raw.strip()
        if TAIL_MARKERS.match(line):
            break
        if is_boilerplate(line):
            continue
        line = TIMESTAMP.sub("", AGENCY_TAG.sub("", line)).rstrip()
        if line and not headline_done:
            line = TITLE_SITE_SUFFIX.sub("", line)
            headline_done = True
        if line:
            key = line.casefold()
            if key in seen and len(line) > 40:  # a caption repeated under its photo
                continue
            seen.add(key)
        kept.append(line)
    cleaned = "\n".join(kept)
    cleaned = re.sub(r"\n{3,}", "\n\n", cleaned)
    return cleaned.strip() + "\n" if cleaned.strip() else ""


MARKDOWN_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
MARKDOWN_MARKUP = re.compile(r"(^#{1,6}\s*|^>\s?|^\s*[-*+]\s+|\*\*|__|`)", re.MULTILINE)


def strip_markdown(text: str) -> str:
    """Plain text from Markdown: links keep their text, images their alt text, markup goes."""
    text = MARKDOWN_LINK.sub(r"\1", text)
    return MARKDOWN_MARKUP.sub("", text)
