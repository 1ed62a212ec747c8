"""The two Markdown engines (cmark-gfm for text without raw HTML, markdown-it-py for the rest)
write the same HTML and report the same links, so which one renders a page never shows.

The site's rules (links, images, heading ids) are written once, in markdown.PageRules; each
engine only hands them what it parsed. A rule applied differently by one engine, or a
spelling one engine writes otherwise, fails the property test below."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path
from urllib.parse import unquote

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from profilegen.cmark import _NORMAL_URL, markdown_it_href
from profilegen.images import Responsive, Version
from profilegen.markdown import LinkContext, MarkdownRenderer

# images/me.png is a photo with smaller versions: both engines write its <picture> (images.py).
ME = Responsive(*(tuple(Version(f"images/me.{w}w.{ext}", w, w * 2 // 3, kind, Path("me.png")) for w in (480, 960))
                  for ext, kind in (("webp", "webp"), ("png", "png"))))
CONTEXT = LinkContext("content/notes/2026-01-01-x.md", "/repo/", "x.github.io",
                      {"content/vision.md": "vision/", "content/notes/2026-01-01-x.md": "notes/2026-01-01-x/"},
                      frozenset({"images/me.png", "cv.pdf"}), image_sizes={"images/me.png": (960, 640)},
                      pictures={"images/me.png": ME})
HOME = LinkContext(CONTEXT.source, "/repo/", "x.github.io", CONTEXT.page_urls, CONTEXT.static_files,
                   id_prefix="vision-", top_level=3, image_sizes=CONTEXT.image_sizes, pictures=CONTEXT.pictures)

# Every construct a profile is written with, and the corner cases where the engines could
# differ: links of every kind (to content files, broken, external, with titles, references,
# quotes and spaces in them), images with and without alt text, headings with markup,
# tables with alignment, strikethrough, hard breaks, entities, escapes and code. Blocks are
# separated by a blank line, as people write them: where two blocks touch, CommonMark
# implementations still disagree on corner cases (a reference definition followed by "2)").
# Also the URLs where the engines once differed: percent signs, hosts in another script,
# and links markdown-it refuses, however they are written (these stay text).
INLINE = ["tekst", "**vet**", "*schuin*", "~~weg~~", "~enkel~", "`code`", "a_b_c", "\\*geen\\*",
          "[visie](../vision.md)", "[visie](../vision.md#waarom)", "[kapot](nergens.md)", "[kapot](nergens.md)",
          "[ext](https://a.nl \"titel\")", "[eigen](https://x.github.io/a)", "[cv](/cv.pdf)", "[cv](../static/cv.pdf)",
          "[mail](mailto:a@b.nl)", "[anker](#kop)", "[q](/x'y?a=1&b=2)", "[spatie](<mijn bestand.md>)",
          "[ref]", "[kapotref][k]", "[js](javascript:alert(1))", "![Ik](/images/me.png)", "![](/images/me.png)",
          "![](mis.png)", "![alt *x*](/images/me.png \"t'\")", "regel  \n", "regel\\\n", "&copy; &#169; &#xA9;",
          "\"quotes\" 'enkel'", "é ü ☃", "http://kaal.nl", "tab\there", "a <b>vet</b>",
          "[procent](100%.md)", "[p](https://a.nl/100%)", "[idn](https://bücher.de/ä)", "[m](mailto:jan@bücher.de)",
          "[groot](HTTPS://A.NL/X)", "[cv](mijn%20cv.pdf)", "[é](é.md)", "[js](javascrip&#116;:x)",
          "[js](javascript\\:x)", "[d](data:image/png;base64,AAA)", "[f](FILE:///etc)", "![a\nb](/images/me.png)",
          "![a `c` **b**](/images/me.png)", "![a ![b](x.png)](/images/me.png)", "![![](x.png)](/images/me.png)",
          "[![Ik](/images/me.png)](../vision.md)", "[`code` *link*](https://b.nl)",
          "a < b", "x <= 3", "1 <2", "<", "[p](< spatie.md>)", "[js](< javascript:x>)", "<mailto:a@b.nl>",
          # raw HTML and autolinks, which both engines read as CommonMark does
          "<span class=\"x\">b</span>", "<b>vet *x*</b>", "<!-- c -->", "<a href=\"x.md\">a</a>", "<br>", "<br/>",
          "<img src=x>", "x<y", "<https://a.nl/x>", "<a@b.nl>", "<?php x ?>", "<![CDATA[x]]>", "<x title=\"*a*\">",
          "</div>", "<a title='&amp;'>", "<!-- raw HTML omitted -->", "<https://a.nl/?a&amp;b>", "<https://a.nl/100%>",
          "<https://bücher.de>", "<HTTPS://A.NL>", "<x-y>", "<!---->", "<!-->", "<!DOCTYPE html>", "<!doctype x>"]
BLOCKS = ["# Kop", "## Kop *twee*", "### Een `code` kop", "## [Gelinkte](vision.md) kop", "## A &amp; B", "## Kop",
          "Kop\n===", "[ref]: ../vision.md", "[k]: weg.md \"t\"", "- item\n- [visie](../vision.md)", "1. een\n2. twee",
          "2) twee", "> citaat *x*", "---", "* * *", "    ingesprongen", "```py\ncode <x>\n```", "~~~\nvrij\n~~~",
          "| a | b |\n|:--|--:|\n| 1 | [kapot](weg.md) |", "| x |\n|---|\n| ~~y~~ |",
          "<!-- profilegen: ignore privacy.phone -->", "```\nopen", "- # Kop in een lijst", "> ## Kop\n> ---",
          "- a\n  ---", "Kop  \nmet breuk\n---", "## ![Ik](/images/me.png) Kop", "# Kop [visie](vision.md) ~~x~~",
          "## Kop `a&b` &lt;x&gt; ﬁ", "#", "[r]: &#106;avascript:x", "[r]: javascript:x\n\n[r]",
          "| [a](https://b.nl) | ![i](/images/me.png) |\n|---|---|\n| `c` | [kapot](weg.md) |",
          "```py\nif reacties < 10:\n    print(a <b>)\n```", "    a < b", "[r]: < ../vision.md>\n\n[r]",
          "<div>\n*x*\n</div>", "<div>\n\n*x* [a](weg.md)\n\n</div>", "<!-- blok -->", "<script>\nx < y\n</script>",
          "<pre>\n  a\n</pre>", "<textarea>\n\nx\n</textarea>", "<table><tr><td>x</td></tr></table>",
          "<custom-tag>\nx", "<?x\n?>", "<!X\n>", "> <div>\n> x", "- <b>a</b>\n- <div>", "| <b>a</b> |\n|---|\n| <i>b</i> |",
          "<style>\np {}\n</style>", "<div>", "<search>\nx\n</search>", "<source>\nx"]
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
    html, _ = renderer.render("## Kop\n\n[visie](../vision.md) regel  \nnieuw\n", CONTEXT)
    assert html == '<h2 id="kop">Kop</h2>\n<p><a href="/repo/vision/">visie</a> regel<br>\nnieuw</p>\n'
    assert "md" not in vars(renderer), "cmark-gfm rendered that: markdown-it-py was never made"
    # Raw HTML too: cmark-gfm's placeholders get the HTML, escaped.
    html, _ = renderer.render("a <b>vet</b>\n\n<div>\n*x*\n</div>\n", CONTEXT)
    assert html == "<p>a &lt;b&gt;vet&lt;/b&gt;</p>\n&lt;div&gt;\n*x*\n&lt;/div&gt;\n"
    assert "md" not in vars(renderer)
    # An autolink markdown-it spells otherwise (the text decoded; cmark-gfm would show it as
    # written): markdown-it-py renders.
    html, _ = renderer.render("<https://xn--bcher-kva.de/%C3%A4>\n", CONTEXT)
    assert html == '<p><a href="https://xn--bcher-kva.de/%C3%A4" rel="noopener">https://bücher.de/ä</a></p>\n'
    assert "md" in vars(renderer)


@settings(max_examples=3000, deadline=None)
@given(st.lists(st.sampled_from(["a", "Z", "0", "/", ".", "-", "_", "~", "?", "#", "=", "&", ":", "@", "%", "%2F",
                                 "%e2", "'", "(", ")", "+", ",", ";", "!", "$", "*", "http:", "https://", "//",
                                 "mailto:", "xn--", "[", " ", "é", "::1", ":80"]), max_size=14).map("".join))
def test_a_url_cmark_passes_on_unchanged_is_one_markdown_it_leaves_unchanged(url):
    # (markdown_it_href skips importing markdown-it for these: they must need no normalizing.)
    from markdown_it.common.normalize_url import normalizeLink

    if _NORMAL_URL.fullmatch(url):
        assert markdown_it_href(url) == normalizeLink(url) == url


URL_PARTS = ["http:", "https:", "//", "HTTPS:", "a", "é", "[", "]", "::1", ":80", "@", "user:pw@", "/", "?", "#", ".",
             "\t", "\n", "\r", " ", "%2F", "x.github.io", "bücher.de", "A.NL", "+", "-", "1"]


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(URL_PARTS), max_size=10).map("".join))
def test_a_links_host_is_the_one_urlsplit_reads(url):
    # (markdown.hostname remembers the host of each authority: tens of thousands of links to one site)
    from urllib.parse import urlsplit

    from profilegen.markdown import hostname

    def host(read):
        try:
            return read(url)
        except ValueError as exc:  # "Invalid IPv6 URL"
            return str(exc)

    assert host(hostname) == host(lambda url: urlsplit(url).hostname)


# A scheme, a host and a path, each of them mostly what web_links takes and sometimes one
# character or part it must not take.
WEB_LINK = st.tuples(
    st.sampled_from(["https://", "http://"] * 20 + ["HTTPS://", "//", "mailto:", "javascript:", "", "../", "C:\\"]),
    st.sampled_from(["a.nl", "x.github.io", "a-b.c0.nl"] * 8 + ["X.GitHub.io", "A.NL", "bücher.de", "a.nl:80", "user@a.nl", "[::1]",
                                                 "", "a.nl.", "-", "vision.md"]),
    st.lists(st.sampled_from(["/", "a", "Z", "0", "/x", "?", "#", ".", "-", "_", "~", "!", "$", "(", ")", "*", "+",
                              ",", ";", "=", "..", "vision.md"] * 12 +
                             ["&", "'", "%", "%2F", "%5C", ":", "@", "[", "]", " ", "\t", "\\", '"', "<", ">", "é",
                              "\x00", "^", "|", "`", "{"]), max_size=6)).map(lambda p: p[0] + p[1] + "".join(p[2]))


@settings(max_examples=3000, deadline=None)
@given(st.lists(WEB_LINK, max_size=3), st.booleans())
@example(["https://a.nl/x", "http://x.github.io/y", "https://X.GITHUB.IO"], False)
def test_web_links_answer_what_link_answers_for_each(hrefs, home):
    # (PageRules.web_links answers for a paragraph of plain web addresses at once; cmark.py then
    # writes each href as it is, so it must be one markdown-it and an attribute take unchanged)
    from profilegen.cmark import _escape
    from profilegen.markdown import PageRules

    context = HOME if home else CONTEXT
    external = PageRules(context, "").web_links(hrefs)
    if external is None:
        return
    rules = PageRules(context, " ".join(hrefs))
    assert [rules.link(href) for href in hrefs] == [(href, away) for href, away in zip(hrefs, external)]
    assert not rules.report.broken
    assert all(markdown_it_href(href) == href == _escape(href) for href in hrefs)


def test_web_links_answer_for_plain_web_addresses_only():
    from profilegen.markdown import PageRules

    rules = PageRules(CONTEXT, "")
    assert rules.web_links(["https://a.nl/x", "http://x.github.io/y", "https://X.GitHub.io"]) == [True, False, False]
    assert rules.web_links([]) == []
    for other in ("../vision.md", "HTTPS://a.nl", "https://a.nl:80/", "https://a.nl/?a&b", "https://a.nl/'"):
        assert rules.web_links(["https://a.nl/x", other]) is None


@settings(max_examples=2000, deadline=None)
@given(st.lists(st.sampled_from(["C:", "c:", "z:", "\\", "/", "%5C", "%5c", "%5", "%5B", "C", "file:", "FILE:", "x", ":",
                                 "%", "https://", "a.md"]), max_size=6).map("".join))
def test_a_path_on_ones_own_computer_is_told_as_the_pattern_told_it(href):
    # (is_local_path matches the start and finds the rest: a search of the pattern tried it at
    # every character of every link)
    from profilegen.markdown import _LOCAL_PATH, is_local_path

    assert is_local_path(href) == bool(_LOCAL_PATH.search(href))


@settings(max_examples=1000, deadline=None)
@given(st.lists(st.sampled_from(["<", ">", "a", "x:", "https://", "xn--", "XN--", "%", "&amp;", "é", "@", ".", " ",
                                 "script:", "ScRiPt:", "scrip", "t:", "file:", "DATA:", "\\", "&#116;", ":", "\n",
                                 "a@b.nl", "<!--", "-->", "<!doctype x>", "<textarea>", "ſcript:", "K",
                                 "&amp;#116;", "&amp", "&ampx", "<TextArea", "<sOuRcE>", "<!X", "&AMP;", "&Amp;", "&",
                                 "amp;", "scrip&#116;:", "scrip\\t:", "fil&#101;:", "scri&amp;pt:", "dat&AMP;a:"]),
                max_size=12).map("".join))
@example("<b> scrip&#116;: &amp;")
@example("<b> scrip\\t: &amp;")
@example("scrip\\t: &amp;")
def test_the_choice_of_engine_is_the_one_it_was(text):
    # _cmark_can_render reads all autolinks at once, and looks for refused schemes and newer
    # HTML in the text's bytes lowered; it chooses as the loops over each autolink and each
    # colon, and the patterns of every case, did.
    import html

    from profilegen.markdown import _AUTOLINK, _OLD_COMMENT, _cmark_can_render

    def one_by_one(text):
        if "<" in text:
            if re.search(r"<![a-z]|<(?:[Tt][Ee][Xx][Tt][Aa][Rr][Ee][Aa]|[Ss][Ee][Aa][Rr][Cc][Hh]|[Ss][Oo][Uu][Rr][Cc][Ee])", text) \
                    or text.count("<!--") != len(_OLD_COMMENT.findall(text)):
                return False
            for autolink in _AUTOLINK.finditer(text):
                if not re.fullmatch(r"[A-Za-z0-9.+:/@_~!$'()*,;=?#-]*", autolink[1]) or "xn--" in autolink[1].lower():
                    return False
        text = html.unescape(text).replace("\\", "")
        colon = text.find(":")
        while colon != -1:
            if text[max(0, colon - 6):colon].lower() == "script" or text[max(0, colon - 4):colon].lower() in ("file", "data"):
                return False
            colon = text.find(":", colon + 1)
        return True

    assert _cmark_can_render(text) == one_by_one(text)


def test_the_fast_engine_gives_its_memory_back():
    # cmarkgfm's own functions leak ~20 KB a call (theacodes/cmarkgfm#53); ours must not:
    # 3,000 renders of a 20 KB text would otherwise add ~200 MB. (With links and images: the
    # nodes that the rules replace are freed apart from the tree.)
    script = ("import resource\nfrom profilegen.cmark import renderer\n"
              "from profilegen.markdown import LinkContext, PageRules\nrender = renderer()\n"
              "text = ('## Kop\\n\\n' + 'Woord [link](x.md) ![b](/b.png) *nadruk* ' * 40 + 'woord ' * 3000 + '\\n')\n"
              "context = LinkContext('content/a.md', '/', '', {}, frozenset())\n"
              "render(text, PageRules(context, text))\nbefore = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
              "for _ in range(3000):\n    render(text, PageRules(context, text))\n"
              "print((resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) // 1024)\n")
    grown = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert int(grown.stdout) < 20, f"rendering grew the process by {grown.stdout.strip()} MB"


def test_the_node_types_are_cmark_gfms():
    import ctypes

    from cmarkgfm import _cmark

    from profilegen import cmark

    lib = ctypes.PyDLL(_cmark.__file__)
    for name in ("cmark_parse_document", "cmark_node_first_child", "cmark_node_next", "cmark_node_get_type_string"):
        getattr(lib, name).restype = ctypes.c_void_p
    for name in ("cmark_node_first_child", "cmark_node_next", "cmark_node_get_type_string", "cmark_node_get_type",
                 "cmark_node_free"):
        getattr(lib, name).argtypes = [ctypes.c_void_p]
    root = lib.cmark_parse_document(b"# kop\n\ntekst\n", 13, 0)
    heading = lib.cmark_node_first_child(root)
    paragraph = lib.cmark_node_next(heading)
    assert [ctypes.string_at(lib.cmark_node_get_type_string(node)) for node in (heading, paragraph)] == \
        [b"heading", b"paragraph"]
    assert [lib.cmark_node_get_type(node) for node in (heading, paragraph)] == [cmark.HEADING, cmark.PARAGRAPH]
    lib.cmark_node_free(root)


# A long text is parsed a piece at a time, cut before a paragraph (cmark.py's _pieces): the
# pieces must give the page and the link report that the whole text gives, wherever the cuts
# fall (a piece size of 1 cuts at every place it may) and whatever the blocks around them.
CUT_DOCUMENT = st.lists(st.one_of(st.sampled_from(BLOCKS), PARAGRAPH.map(lambda p: "".join(a + b for a, b in p)),
                                  st.sampled_from(["Tekst [kapot](weg.md)", "Nog <b>een</b>", "```\nopen", "<!--",
                                                   "<pre>", "- lijst", "> citaat", "a\n\n\n", "    code"])),
                        max_size=10).map("\n\n".join)


@settings(max_examples=500, deadline=None)
@given(CUT_DOCUMENT, st.booleans(), st.sampled_from([1, 20, 200]))
@example("Tekst [a](weg.md)\n\n```\nopen\n\nTekst [b](weg.md)\n\nNog\n", False, 1)
def test_a_text_parsed_in_pieces_gives_the_page_it_gives_whole(text, allow_html, piece_size):
    from profilegen.cmark import renderer
    from profilegen.markdown import PageRules

    text = text + "\n" if text and not text.endswith("\n") else text
    render = renderer()
    whole, whole_rules = render(text, rules := PageRules(CONTEXT, text), allow_html, piece_size=0), rules
    pieces, piece_rules = render(text, rules := PageRules(CONTEXT, text), allow_html, piece_size=piece_size), rules
    assert pieces == whole
    assert piece_rules.report == whole_rules.report


# cmark.py reads a piece from cmark's HTML where that gives what its XML gives (no image, no
# line that may start an HTML block, raw HTML all inline and found in the Markdown): every
# piece either way must give the same page and link report, here with what the HTML could
# hide or confuse: raw HTML of every inline kind (">" and "<" in quotes, over lines, the
# placeholder's own text), tags in code and escaped (not raw HTML, yet "<...>" in the
# Markdown), links with & ' % and titles, headings with markup, tables, tight and loose lists
# with broken links, and what makes the XML read instead (images, HTML blocks, "<?").
RAW_INLINE = ["<span class=\"x\">", "</span>", "<em>", "</em>", "<!-- c -->", "<!---->", "<a b='x>y'>",
              "<a title=\"<b>\">", "<x\ny=z>", "<x\n   y=\"1\">", "<br/>", "<!-- raw HTML omitted -->", "<X-1 a :b=c/>",
              "`<code>`", "\\<b>", "<https://a.nl/x>", "<a@b.nl>", "a < b", "3<4", "x<y", "[a](<b c.md>)",
              "[t](x.md \"<b>\")", "&amp; &lt;b&gt;", "%s %% 100%", "**vet**", "~~weg~~"]
HTML_LINKS = ["[visie](../vision.md)", "[kapot](weg.md)", "[q](/x'y?a=1&b=2)", "[ext](https://a.nl \"t'&\\\"\")",
              "[eigen](https://x.github.io/a)", "[p](https://a.nl/100%25)", "[é](é.md)", "[r][k]", "[anker](#kop)",
              "[<b>x</b>](weg.md)", "[js](javascrip&#116;:x)", "[leeg]()", "[web](https://a.nl/b?c=1#d)",
              "<https://x.github.io/c>"]
READ_FROM_XML = ["![Ik](/images/me.png)", "<?php ?>", "<!DOCTYPE x>", "\n<b>x</b>"]  # (rarely: see below)
HTML_INLINE = st.one_of(st.sampled_from(RAW_INLINE), st.sampled_from(HTML_LINKS), st.sampled_from(["tekst", "woord"]))
HTML_PARAGRAPH = st.tuples(
    st.lists(st.tuples(HTML_INLINE, st.sampled_from([" ", "", "\nregel ", "  \nregel "])), min_size=1, max_size=8),
    st.sampled_from([""] * 40 + READ_FROM_XML)).map(
    lambda p: "".join(a + b for a, b in p[0]).strip() + p[1] or "x")
HTML_BLOCK = st.one_of(
    HTML_PARAGRAPH,
    HTML_PARAGRAPH.map(lambda p: "## " + p.replace("\n", " ")), HTML_PARAGRAPH.map(lambda p: p + "\n---"),
    st.lists(HTML_PARAGRAPH.map(lambda p: p.replace("\n", " ")), min_size=1, max_size=3).map(
        lambda items: "\n".join("- " + item for item in items)),
    st.lists(HTML_PARAGRAPH.map(lambda p: p.replace("\n", " ")), min_size=1, max_size=3).map(
        lambda items: "\n\n".join("1. " + item for item in items)),
    HTML_PARAGRAPH.map(lambda p: "- a\n  ```\n  x\n  ```\n  " + p.replace("\n", " ")),
    HTML_PARAGRAPH.map(lambda p: "> " + p.replace("\n", "\n> ")),
    st.tuples(HTML_INLINE, HTML_INLINE).map(lambda cells: f"| a | b |\n|:-:|--:|\n| {cells[0]} | {cells[1]} |"),
    st.sampled_from(["[k]: weg.md", "```\n<b> [a](weg.md)\n```", "Kop <i>x</i>\n===", "<div>\n*x*\n</div>",
                     "  <b>x</b> y", "- <b>a</b>"]))
HTML_DOCUMENT = st.tuples(st.lists(HTML_BLOCK, min_size=1, max_size=5), st.sampled_from(["\n", "\r\n"])).map(
    lambda doc: "\n\n".join(doc[0]).replace("\n", doc[1]) + doc[1])


@settings(max_examples=700, deadline=None)
@given(HTML_DOCUMENT, st.booleans(), st.booleans(), st.sampled_from([0, 1]))
@example("Regel 1: als a < b en <span class=\"x\">bewoners</span> 3<4 dan <https://example.org/1> &amp; "
         "<em>nadruk</em> <!-- c1 --> x<y.\n", False, False, 0)
@example("- [kapot](weg.md) <b>x</b>\n  - [ok](../vision.md)\n", True, False, 0)
@example("[eigen](https://x.github.io/a) <https://a.nl/x> <b>x</b>\n- [web](https://a.nl/b) <i>\n", False, False, 0)
def test_cmarks_html_is_read_as_its_xml_is(text, allow_html, home, piece_size):
    from profilegen.cmark import renderer
    from profilegen.markdown import PageRules

    context = HOME if home else CONTEXT
    render = renderer()
    direct = render(text, rules := PageRules(context, text), allow_html, piece_size=piece_size), rules.report
    xml = render(text, rules := PageRules(context, text), allow_html, piece_size=piece_size, direct=False), rules.report
    assert direct == xml


def test_inline_raw_html_and_links_are_read_from_cmarks_html_and_images_from_its_xml(monkeypatch):
    # (else the test above would hold the XML to itself)
    from profilegen import cmark
    from profilegen.markdown import PageRules

    read, read_xml = [], cmark.read_xml
    monkeypatch.setattr(cmark, "read_xml", lambda *args: read.append(args) or read_xml(*args))
    text = "".join(f"Regel {i}: als a < b en <span class=\"x\">bewoners</span> [bron](https://a.nl/{i}) "
                   f"<!-- c{i} -->\n" for i in range(2000))
    html = cmark.renderer()(text, PageRules(CONTEXT, text), False, piece_size=4096)
    assert not read and html.count("&lt;span class=&quot;x&quot;&gt;") == 2000
    cmark.renderer()("![Ik](/images/me.png) <b>x</b>\n", PageRules(CONTEXT, text), False)
    assert len(read) == 1


def test_a_long_text_is_cut_before_paragraphs_only():
    from profilegen.cmark import _pieces

    text = b"# Kop\n\nEen [a](b.md)\n\n- lijst\n\nTwee\n\n```\nx\n\nDrie\n"
    cuts = [text[start:stop] for start, stop in _pieces(text, 1)]
    assert cuts == [b"# Kop\n\n", b"Een [a](b.md)\n\n- lijst\n\n", b"Twee\n\n```\nx\n\n", b"Drie\n"]
    # A reference definition counts for the whole text (and "\r" ends lines too): never cut.
    defined = text + b"\n[r]: x.md\n"
    assert _pieces(defined, 1) == [(0, len(defined))]
    assert len(_pieces(text.replace(b"\n", b"\r\n"), 1)) == 1


# A broken link is reported at the line it is written on, whatever else holds the same href
# (code, other blocks, a reference definition) and however many links there are: the search
# is bounded to the link's block, from where the previous link of the block was found.
HREFS = ["weg.md", "a/b.md", "mis.png", "/nergens.pdf", "weg.md#kop", "mijn%20cv.pdf", "x.md?a=1&b=2"]
LINE = st.lists(st.one_of(st.sampled_from(["Tekst", "nog wat", "zie hier", "*nadruk*", "`code`"]),
                          st.tuples(st.sampled_from(["[a]", "[b c]", "!["]), st.sampled_from(HREFS))), min_size=1,
                max_size=4)
LINK_BLOCK = st.one_of(st.lists(LINE, min_size=1, max_size=3).map(lambda lines: ("p", lines)),
                       st.sampled_from(HREFS).map(lambda href: ("code", href)),
                       st.sampled_from(HREFS).map(lambda href: ("definition", href)))


@settings(max_examples=300, deadline=None)
@given(st.lists(LINK_BLOCK, min_size=1, max_size=8), st.booleans())
def test_a_broken_link_is_reported_at_its_own_line(blocks, fast):
    lines, expected = [], []
    for kind, content in blocks:
        if kind == "code":
            lines += ["```", f"[a]({content}) {content}", "```"]
        elif kind == "definition":
            lines += [f"[ongebruikt]: {content}"]
        else:
            for parts in content:
                words = []
                for part in parts:
                    if isinstance(part, tuple):
                        opening, href = part
                        words.append(f"{opening}{'tekst]' if opening == '![' else ''}({href})")
                        expected.append((len(lines) + 1, href))
                    else:
                        words.append(part)
                lines.append(" ".join(words))
        lines.append("")
    text = "\n".join(lines)
    renderer = MarkdownRenderer(allow_html=False, fast=fast)
    _, report = renderer.render(text, LinkContext("content/notes/x.md", "/", "x.github.io", {}, frozenset()))
    assert [(line, unquote(href)) for line, href in report.broken] == [(line, unquote(href)) for line, href in expected]


def test_forty_thousand_broken_links_in_one_paragraph_are_each_at_their_line():
    text = "".join(f"Zie [bron {i}](weg-{i}.md)\n" if i % 2 else f"[bron {i}](/weg/{i}.pdf) " for i in range(40_000))
    _, report = MarkdownRenderer(allow_html=False).render(text, CONTEXT)
    assert len(report.broken) == 40_000
    assert report.broken[-1] == (20_000, "weg-39999.md") and report.broken[1] == (1, "weg-1.md")


def test_twenty_thousand_reference_links_to_missing_files_take_bounded_work():
    # Each is looked for in its paragraph first, then where its definition is: past a budget of
    # a few passes over the body, the rest are given their paragraph's line (no 20,000 passes).
    text = " ".join(f"[x][r{i}]" for i in range(20_000)) + "\n\n" + "".join(f"[r{i}]: weg-{i}.md\n" for i in range(20_000))
    from profilegen.markdown import _LinkLines

    scanned = []

    class Counted(str):  # the characters each search reads
        def find(self, needle, start=0, end=None):
            at = str.find(self, needle, start, end)
            scanned.append((len(self) if end is None else end) - start if at == -1 else at - start)
            return at

    lines = _LinkLines(Counted(text))
    lines.block(1, 1)
    found = [lines.line(f"weg-{i}.md") for i in range(20_000)]
    assert found[:2] == [3, 4] and set(found[-100:]) == {1}
    assert sum(scanned) <= 4 * len(text) + 65536 + len(text)


@pytest.mark.parametrize("text", ["> " * 150 + "diep [a](b.md)\n", "".join("  " * i + "- punt [a](b.md)\n" for i in range(60)),
                                  "> " * 10_000 + "diep\n"])
def test_text_nested_deep_is_read_whole_by_both_engines(text):
    # markdown-it's commonmark preset stops at 20 levels (a list ten deep) and drops the rest;
    # cmark-gfm reads it whole. Both agree to 200 levels; deeper, cmark's walk has no recursion.
    fast, reference = both(text, CONTEXT, False)
    assert fast[0].count("punt") + fast[0].count("diep") == text.count("punt") + text.count("diep")
    if text.count(">") <= 200:
        assert fast == reference
