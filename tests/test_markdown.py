"""The two Markdown engines (cmark-gfm for text without "<", markdown-it-py for the rest)
write the same HTML and report the same links, so which one renders a page never shows."""

from __future__ import annotations

import subprocess
import sys

from hypothesis import example, given, settings
from hypothesis import strategies as st

from profilegen.markdown import LinkContext, MarkdownRenderer

CONTEXT = LinkContext("content/notes/2026-01-01-x.md", "/repo/", "x.github.io",
                      {"content/vision.md": "vision/", "content/notes/2026-01-01-x.md": "notes/2026-01-01-x/"},
                      frozenset({"images/me.png", "cv.pdf"}))
HOME = LinkContext(CONTEXT.source, "/repo/", "x.github.io", CONTEXT.page_urls, CONTEXT.static_files,
                   id_prefix="vision-", heading_shift=1)

# Every construct a profile is written with, and the corner cases where the engines could
# differ: links of every kind (to content files, broken, external, with titles, references,
# quotes and spaces in them), images with and without alt text, headings with markup,
# tables with alignment, strikethrough, hard breaks, entities, escapes and code. Blocks are
# separated by a blank line, as people write them: where two blocks touch, CommonMark
# implementations still disagree on corner cases (a reference definition followed by "2)").
INLINE = ["tekst", "**vet**", "*schuin*", "~~weg~~", "~enkel~", "`code`", "a_b_c", "\\*geen\\*",
          "[visie](../vision.md)", "[visie](../vision.md#waarom)", "[kapot](nergens.md)", "[kapot](nergens.md)",
          "[ext](https://a.nl \"titel\")", "[eigen](https://x.github.io/a)", "[cv](/cv.pdf)", "[cv](../static/cv.pdf)",
          "[mail](mailto:a@b.nl)", "[anker](#kop)", "[q](/x'y?a=1&b=2)", "[spatie](<mijn bestand.md>)",
          "[ref]", "[kapotref][k]", "[js](javascript:alert(1))", "![Ik](/images/me.png)", "![](/images/me.png)",
          "![](mis.png)", "![alt *x*](/images/me.png \"t'\")", "regel  \n", "regel\\\n", "&copy; &#169; &#xA9;",
          "\"quotes\" 'enkel'", "é ü ☃", "http://kaal.nl", "tab\there", "a <b>vet</b>"]
BLOCKS = ["# Kop", "## Kop *twee*", "### Een `code` kop", "## [Gelinkte](vision.md) kop", "## A &amp; B", "## Kop",
          "Kop\n===", "[ref]: ../vision.md", "[k]: weg.md \"t\"", "- item\n- [visie](../vision.md)", "1. een\n2. twee",
          "2) twee", "> citaat *x*", "---", "* * *", "    ingesprongen", "```py\ncode <x>\n```", "~~~\nvrij\n~~~",
          "| a | b |\n|:--|--:|\n| 1 | [kapot](weg.md) |", "| x |\n|---|\n| ~~y~~ |",
          "<!-- profilegen: ignore privacy.phone -->", "```\nopen"]
PARAGRAPH = st.lists(st.tuples(st.sampled_from(INLINE), st.sampled_from([" ", ", ", "\n"])), min_size=1, max_size=6)
DOCUMENT = st.lists(st.one_of(st.sampled_from(BLOCKS), PARAGRAPH.map(lambda p: "".join(a + b for a, b in p))),
                    max_size=8).map("\n\n".join)


def both(text: str, context: LinkContext, allow_html: bool):
    fast = MarkdownRenderer(allow_html=allow_html).render(text, context)
    reference = MarkdownRenderer(allow_html=allow_html, fast=False).render(text, context)
    return fast, reference


@settings(max_examples=600, deadline=None)
@given(DOCUMENT, st.booleans(), st.booleans())
@example("## Kop *twee*\n\n[kapot](nergens.md) [kapot](nergens.md)", False, False)
@example("| a | b |\n|:--|--:|\n| 1 | 2 |\n\nregel  \nnieuw ~~weg~~", True, True)
def test_cmark_and_markdown_it_give_the_same_page(text, allow_html, home):
    (fast_html, fast_links), (html, links) = both(text, HOME if home else CONTEXT, allow_html)
    assert fast_html == html
    assert fast_links == links


def test_the_fast_engine_is_used_and_the_reference_can_tell_them_apart():
    renderer = MarkdownRenderer(allow_html=False)
    assert renderer._cmark is not None, "cmarkgfm is a dependency: the fast engine must be there"
    # A spelling only cmark-gfm writes, before _finish: proves the comparison above compares two engines.
    assert "<br />" in renderer._cmark("a  \nb\n")
    # With a "<", markdown-it-py renders (it can escape raw HTML; cmark-gfm can only drop it).
    html, _ = renderer.render("a <b>vet</b>\n", CONTEXT)
    assert "&lt;b&gt;vet&lt;/b&gt;" in html


def test_the_fast_engine_gives_its_memory_back():
    # cmarkgfm's own functions leak ~20 KB a call (theacodes/cmarkgfm#53); ours must not:
    # 3,000 renders of a 20 KB text would otherwise add ~200 MB.
    script = ("import resource\nfrom profilegen.cmark import renderer\nrender = renderer()\n"
              "text = ('## Kop\\n\\n' + 'Woord [link](x.md) *nadruk* ' * 700 + '\\n') \n"
              "render(text)\nbefore = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "for _ in range(3000):\n    render(text)\n"
              "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n")
    grown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert int(grown.stdout) < 20, f"rendering grew the process by {grown.stdout.strip()} MB"
