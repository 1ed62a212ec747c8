"""The Markdown -> LinkedIn plain text converter, on examples and on generated Markdown."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from profilegen.plaintext import linkedin_length, markdown_to_text, shorten


def test_every_markdown_construct_becomes_readable_plain_text():
    text = markdown_to_text(
        "# Kop\n\nEen **vette** en _schuine_ zin met [mijn visie](https://x.nl/visie/) en <https://y.nl>.\n"
        "Zachte regel.  \nHarde regel.\n\n- een\n- twee\n  - genest\n\n3. drie\n4. vier\n\n"
        "> citaat\n\n| Jaar | Rol |\n| --- | --- |\n| 2021 | Adviseur |\n\n"
        "Tekst met &amp; en &eacute; en `code` en ~~weg~~ en ![beeld](b.png) en <span>html</span>.\n\n"
        "<!-- profilegen: placeholder -->\n<!-- een commentaar -->\n\n---\n\n[https://z.nl](https://z.nl)\n")
    assert text == (
        "Kop\n\n"
        "Een vette en schuine zin met mijn visie (https://x.nl/visie/) en https://y.nl. Zachte regel.\n"
        "Harde regel.\n\n"
        "• een\n• twee\n◦ genest\n\n3. drie\n4. vier\n\n“citaat”\n\n"
        "• Jaar: 2021 · Rol: Adviseur\n\n"
        "Tekst met & en é en code en weg en en html.\n\nhttps://z.nl")


def test_length_counts_like_linkedin():
    assert linkedin_length("e\u0301") == 1            # NFC: é is one character
    assert linkedin_length("😀") == 2                 # outside the BMP: two UTF-16 units
    assert linkedin_length("𝐁old") == 5


def test_shorten_prefers_a_sentence_end_then_a_word_boundary():
    text = "Eerste zin is af. Tweede zin is langer dan de ruimte die er nog is."
    assert shorten(text, 30) == "Eerste zin is af."
    assert shorten("een twee drie vier vijf zes", 16) == "een twee drie…"
    assert shorten("kort", 10) == "kort"


_junk = st.lists(st.one_of(
    st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"), max_size=12),
    st.sampled_from(["**", "_", "*", "`", "# ", "- ", "1. ", "> ", "[", "](", ")", "![", "\n", "\n\n", "<b>",
                     "</b>", "<!-- x -->", "| a | b |\n| - | - |\n", "&amp;", "~~", "https://x.nl", "  \n",
                     "\t", "😀", "é"])), max_size=40).map("".join)


@settings(max_examples=300, deadline=None)
@given(_junk)
def test_converter_never_raises_and_keeps_its_layout_rules(markdown):
    text = markdown_to_text(markdown)
    assert all(line == line.rstrip() for line in text.split("\n"))
    assert "\n\n\n" not in text and text == text.strip()


# Well-formed Markdown from a small grammar: every construct LinkedIn cannot show.
_word = st.text(alphabet="abcdefghijklmnopqrstuvwxyzéü", min_size=1, max_size=9)
_phrase = st.lists(_word, min_size=1, max_size=6).map(" ".join)
_inline = st.one_of(_phrase, _phrase.map(lambda p: f"**{p}**"), _phrase.map(lambda p: f"_{p}_"),
                    _phrase.map(lambda p: f"~~{p}~~"), _phrase.map(lambda p: f"`{p}`"),
                    _phrase.map(lambda p: f"[{p}](https://example.org/{p.replace(' ', '-')})"),
                    _phrase.map(lambda p: f"![{p}](/images/x.png)"), st.just("<span>x</span>"))
_paragraph = st.lists(_inline, min_size=1, max_size=6).map(" ".join)
_block = st.one_of(_paragraph, _paragraph.map(lambda p: "## " + p), _paragraph.map(lambda p: "> " + p),
                   st.lists(_paragraph, min_size=1, max_size=4).map(lambda items: "\n".join("- " + i for i in items)),
                   st.lists(_paragraph, min_size=1, max_size=4).map(
                       lambda items: "\n".join(f"{n}. {i}" for n, i in enumerate(items, 1))),
                   st.tuples(_phrase, _phrase).map(lambda t: f"| {t[0]} | x |\n| --- | --- |\n| {t[1]} | y |"),
                   st.just("<!-- profilegen: ignore privacy.email -->"))
_document = st.lists(_block, min_size=1, max_size=8).map("\n\n".join)


@settings(max_examples=300, deadline=None)
@given(_document, st.integers(min_value=20, max_value=600))
def test_well_formed_markdown_leaves_no_markup_and_fits_when_shortened(markdown, limit):
    text = markdown_to_text(markdown)
    for residue in ("**", "~~", "`", "](", "![", "<span", "<!--", "| ---"):
        assert residue not in text, (residue, text)
    assert not re.search(r"(?m)^(#+ |- |> )", text), text
    short = shorten(text, limit)
    assert linkedin_length(short) <= limit
    words = {w.rstrip(",;:–-") for w in re.findall(r"\S+", text)}  # trailing punctuation may go
    for word in short.removesuffix("…").split():
        assert word.rstrip(",;:–-") in words, f"{word!r} was cut inside a word"


@settings(max_examples=300, deadline=None)
@given(st.lists(st.text(alphabet="abcdefgh éü😀", min_size=1, max_size=14), min_size=1, max_size=60)
       .map(lambda ws: " ".join(w.strip() or "x" for w in ws)), st.integers(min_value=5, max_value=200))
def test_shorten_stays_within_the_limit_and_never_cuts_a_word(text, limit):
    short = shorten(text, limit)
    assert linkedin_length(short) <= limit
    words = set(text.split())
    for word in short.removesuffix("…").split():
        assert word in words, f"{word!r} is a cut word"
