"""Reading articles: formats, boilerplate removal, dates, and clear errors for bad input."""

from __future__ import annotations

import json

import pytest

from kgraph.clean import clean_text
from kgraph.errors import InputError
from kgraph.ingest import doc_id, find_date, read_documents, read_file

WEB_PAGE = """Most Shared

Militia leader killed in strike : NPR

People gather around a burned car in Baghdad on Wednesday.

Jane Doe/AFP via Getty Images

hide caption

toggle caption

Jane Doe/AFP via Getty Images

People gather around a burned car in Baghdad on Wednesday.

A drone strike killed a militia leader, officials said.

NPR's John Roe and Mary Poe contributed reporting.

Source link

Related Articles

Hamas launches rockets at Tel Aviv

Back to top button
"""


def test_boilerplate_is_removed():
    text = clean_text(WEB_PAGE)
    for junk in (
        "hide caption",
        "toggle caption",
        "Getty",
        "AFP",
        "Source link",
        "Related Articles",
        "Back to top",
        "contributed reporting",
        "Hamas launches",
        "Most Shared",
        ": NPR",
    ):
        assert junk not in text, junk
    assert text.startswith("Militia leader killed in strike\n")
    assert "A drone strike killed a militia leader, officials said." in text
    assert text.count("People gather around a burned car") == 1  # repeated caption kept once


def test_bylines_and_credits():
    text = clean_text(
        "Headline\nBAGHDAD, Feb 8, 2024 (Reuters) — Body text here.\n"
        "Photo: Smoke rises over the city. AFP/Getty Images\n"
        "Reporting by Layla Haddad and Marc Bennett; Editing by Tom Archer\nBy John Smith\n"
    )
    assert "Reuters" not in text and "Layla" not in text and "Getty" not in text and "John Smith" not in text
    assert "BAGHDAD, Feb 8, 2024 — Body text here." in text


@pytest.mark.parametrize(
    ("text", "iso"),
    [
        ("Published 15 January 2024", "2024-01-15"),
        ("BAGHDAD, Feb 8, 2024 (Wire) —", "2024-02-08"),
        ("Updated Jan. 12, 2024, 09:40 GMT", "2024-01-12"),
        ("2023-10-05T08:00:00Z", "2023-10-05"),
        ("no date here", ""),
        ("February 30, 2024", ""),
    ],
)
def test_dates(text, iso):
    assert find_date(text) == iso


def test_formats(tmp_path):
    (tmp_path / "a.txt").write_text("Headline A\n\nBody of article A.\n", encoding="utf-8")
    (tmp_path / "b.md").write_text("# Headline B\n\nSee [the report](https://example.org/r) on **it**.\n")
    (tmp_path / "c.html").write_text(
        "<html><head><title>Headline C</title><meta property='article:published_time' content='2024-05-10'>"
        "<link rel='canonical' href='https://example.org/c'></head><body><nav>Home</nav><article>"
        "<h1>Headline C</h1><p>Body of C.</p><figure><figcaption>Photo: X/AFP</figcaption></figure></article>"
        "<footer>Copyright</footer><script>alert(1)</script></body></html>"
    )
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"title": "D1", "text": "Body D1.", "url": "https://example.org/d1", "date": "2024-03-01"})
        + "\n"
        + json.dumps({"title": "D2", "body": "Body D2."})
        + "\n"
    )
    (tmp_path / "e.csv").write_text("title,text,published\nE1,Body E1.,2024-04-02\n")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    docs = {d.title: d for d in read_documents([tmp_path])}
    assert set(docs) == {"Headline A", "Headline B", "Headline C", "D1", "D2", "E1"}
    assert docs["Headline B"].text == "Headline B\n\nSee the report on it.\n"
    c = docs["Headline C"]
    assert c.url == "https://example.org/c" and c.published == "2024-05-10"
    assert "Body of C." in c.text and "Home" not in c.text and "alert" not in c.text and "AFP" not in c.text
    assert docs["D1"].published == "2024-03-01" and docs["D1"].url == "https://example.org/d1"
    assert docs["E1"].published == "2024-04-02"
    assert docs["D2"].source.endswith("d.jsonl:2")
    assert c.id == doc_id(c.text) and len(c.id) == 16


def test_bad_files_are_reported_and_skipped(tmp_path):
    (tmp_path / "good.txt").write_text("Headline\n\nGood text.\n")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9".encode("latin-1"))
    (tmp_path / "empty.md").write_text("   \n")
    (tmp_path / "broken.jsonl").write_text('{"text": "ok"}\n{not json\n')
    errors: list[str] = []
    docs = list(read_documents([tmp_path], on_error=lambda e: errors.append(str(e))))
    assert [d.title for d in docs] == ["Headline"]
    assert sorted(e.split(":")[0].rsplit("/", 1)[1] for e in errors) == [
        "binary.txt",
        "broken.jsonl",
        "empty.md",
        "latin1.txt",
    ]
    assert any("not UTF-8" in e for e in errors)
    assert any("broken.jsonl:2: invalid JSON" in e for e in errors)


def test_missing_path():
    with pytest.raises(InputError, match="nope.txt: no such file"):
        list(read_documents(["nope.txt"]))


def test_unsupported_file(tmp_path):
    path = tmp_path / "a.pdf"
    path.write_bytes(b"%PDF")
    with pytest.raises(InputError, match=r"a\.pdf: unsupported file type '\.pdf'"):
        read_file(path)


def test_live_blog_timestamps_are_not_text():
    from kgraph.clean import clean_text

    cleaned = clean_text(
        "Live: strikes\n\n14:30 GMT — The United States designated the Houthis.\n07:02 GMT - Biden speaks\n"
        "At 10:30 the talks began.\n"
    )
    assert "GMT" not in cleaned
    assert "The United States designated the Houthis." in cleaned and "At 10:30 the talks began." in cleaned
