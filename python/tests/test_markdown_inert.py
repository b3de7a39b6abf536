"""User and catalog text in the engine's Markdown stays plain text under a real renderer.

The report and the catalog as Markdown (`ai-risk-map assess --format md`, `catalog --format
md`) are rendered with markdown-it-py in its GitHub-like preset with autolinks
(linkify-it-py), which renders as GitHub-style renderers do. Every hostile payload of the
browser tests (tests/fixtures/hostile/hostile.mjs) and the Markdown constructs below goes
into every text field; the rendered HTML must have exactly the tags of the same document
with plain text (no link, heading, list, code, emphasis or HTML from the text), and show
each payload as its text.
"""

from __future__ import annotations

import html
import json
import re
import subprocess

import pytest

markdown_it = pytest.importorskip("markdown_it")
pytest.importorskip("linkify_it")

from conftest import REPO  # noqa: E402

# Every block and inline construct of CommonMark and GFM, and every autolink form.
MARKDOWN = [
    "https://evil.example/x?y=1",
    "see http://evil.example.",
    "www.evil.example",
    "evil.example",
    "sub.evil.example/path",
    "user@evil.example",
    "mailto:user@evil.example",
    "xmpp:user@evil.example",
    "ftp://evil.example",
    "//evil.example/x",
    "<https://evil.example>",
    "# heading",
    "   # heading after spaces",
    "\t## heading after a tab",
    "      indented code",
    "> quote",
    "- item",
    "+ item",
    "* item",
    "1. item",
    "123456789) item",
    "---",
    "***",
    "_ _ _",
    "===",
    "```\ncode\n```",
    "~~~ fence",
    "`code`",
    "**bold** __bold__ *em* _em_",
    "~~strike~~ ~one~",
    "[x](https://evil.example)",
    "[x][1]\n\n[1]: https://evil.example",
    "[1]: https://evil.example",
    "![i](https://evil.example/i.png)",
    "x[^1]\n\n[^1]: footnote",
    "- [ ] task",
    "[x] task",
    "| a | b |\n|---|---|\n| c | d |",
    "&copy; &#60;b&#62; &amp;",
    "trailing backslash\\",
    "hard break  \nnext",
    "hard break\\\nnext",
    "<b>bold</b> <!-- comment --> <?php x ?> <![CDATA[x]]>",
    "#123 @mention :smile: $x^2$ $$y$$",
    "Setext\n===",
    "Setext\n---",
    "term\n: definition",
    "\\",
    "a\\*b\\_c",
]


def payloads() -> list[str]:
    script = (
        "import { PAYLOADS } from './tests/fixtures/hostile/hostile.mjs';"
        "console.log(JSON.stringify(PAYLOADS.map(([, p]) => p)));"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script], cwd=REPO, capture_output=True, text=True, check=True
    ).stdout
    return json.loads(out) + MARKDOWN


def hostile_catalog(texts: list[str]) -> dict:
    script = (
        "import { hostileCatalog } from './tests/fixtures/hostile/hostile.mjs';"
        "const texts = JSON.parse(process.argv[1]);"
        "console.log(JSON.stringify(hostileCatalog('inert-1', texts)));"
    )
    out = subprocess.run(
        ["node", "--input-type=module", "-e", script, json.dumps(texts)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return json.loads(out)


def render(markdown: str) -> str:
    return markdown_it.MarkdownIt("gfm-like", {"linkify": True}).render(markdown)


def tags(rendered: str) -> list[str]:
    """The element structure of rendered HTML (text escapes `<`, so every `<` is a tag)."""
    return re.findall(r"<(/?[a-zA-Z][a-zA-Z0-9]*)", rendered)


def text_of(rendered: str) -> str:
    return html.unescape(re.sub(r"<[^>]*>", "", rendered))


def shown(payload: str) -> str:
    """The text a payload should render as: line breaks are folded into spaces, the edges
    trimmed, control characters replaced."""
    folded = payload.replace("\r", " ").replace("\n", " ").strip(" \t")
    return "".join("\ufffd" if ord(c) < 0x20 or 0x7F <= ord(c) < 0xA0 else c for c in folded)


def assessment(text: str) -> dict:
    return {
        "schema": "ai-risk-map/assessment",
        "useCase": {"name": text, "owner": text, "description": text},
        "deploymentModels": ["rag_llm"],
        "risks": {"9.1": {"pertinent": False, "reason": text}},
        "controls": {"DASF 1": {"status": "partial", "owner": text, "note": text}},
    }


def markdown_of(cli, tmp_path, args: list[str], doc: dict | None = None) -> str:
    if doc is not None:
        f = tmp_path / "doc.json"
        f.write_text(json.dumps(doc), encoding="utf-8")
        args = [a.replace("DOC", str(f)) for a in args]
    run = subprocess.run([str(cli), *args], capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_every_payload_in_every_report_field_renders_as_plain_text(cli, tmp_path):
    args = ["assess", "DOC", "--format", "md"]
    baseline = tags(render(markdown_of(cli, tmp_path, args, assessment("plain text"))))
    assert "h1" in baseline and "table" in baseline, "the report has its own structure"
    failures = []
    for payload in payloads():
        rendered = render(markdown_of(cli, tmp_path, args, assessment(payload)))
        if tags(rendered) != baseline:
            extra = sorted(set(tags(rendered)) ^ set(baseline))
            failures.append(f"{payload!r}: structure changed ({extra or 'same tags, other order'})")
        elif shown(payload) and shown(payload) not in text_of(rendered):
            failures.append(f"{payload!r}: not shown as its text")
    assert not failures, "\n".join(failures)


def test_no_link_anywhere_in_a_hostile_report_or_catalog(cli, tmp_path):
    texts = payloads()
    catalog = tmp_path / "hostile.catalog.json"
    catalog.write_text(json.dumps(hostile_catalog(texts)), encoding="utf-8")
    plain = tmp_path / "plain.catalog.json"
    plain_catalog = hostile_catalog(["plain text"] * len(texts))
    plain_catalog["version"] = "plain-1"
    plain.write_text(json.dumps(plain_catalog), encoding="utf-8")

    hostile_md = markdown_of(cli, tmp_path, ["catalog", "--format", "md", "--catalog", str(catalog)])
    plain_md = markdown_of(cli, tmp_path, ["catalog", "--format", "md", "--catalog", str(plain)])
    assert tags(render(hostile_md)) == tags(render(plain_md))

    doc = {
        "schema": "ai-risk-map/assessment",
        "dasf": "inert-1",
        "useCase": {"name": " ".join(texts), "owner": texts[0], "description": "\n".join(texts)},
        "controls": {"DASF 1": {"status": "partial", "note": " ".join(texts)}},
    }
    report = render(
        markdown_of(cli, tmp_path, ["assess", "DOC", "--format", "md", "--catalog", str(catalog)], doc)
    )
    for rendered in (report, render(hostile_md)):
        assert "<a " not in rendered and "<img" not in rendered and "<code" not in rendered
        assert "evil.example" in text_of(rendered)
