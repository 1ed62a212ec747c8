"""site.yaml and front matter: every value against its type, and what each mistake says.

Whole profiles with these mistakes are in tests/sites/invalid/ (built through the CLI); here
the same rules are tried one value at a time, with the exact message and place.
"""

from __future__ import annotations

import os
import re
import time
import tracemalloc
from pathlib import Path

import hypothesis
import pytest
from hypothesis import strategies as st

from profilegen.config import Settings, load_settings, read_text, settings_from_text
from profilegen.content import parse_document
from profilegen.errors import UsageError, UserError
from profilegen.yamlio import ALIAS_BUDGET

SITE = 'title: "T"\nbase_url: "https://x.github.io/repo/"\nauthor:\n  name: X\n'


def problems(text: str) -> list[str]:
    with pytest.raises(UserError) as caught:
        settings_from_text(text)
    return [str(p) for p in caught.value.problems]


def front_problems(front: str) -> list[str]:
    with pytest.raises(UserError) as caught:
        parse_document(f"---\n{front}---\nTekst.\n", "content/drives.md")
    return [str(p) for p in caught.value.problems]


def front(front: str):
    return parse_document(f"---\n{front}---\nTekst.\n", "content/drives.md").meta


# --- an empty file ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "# a\n\n# b\n", "~\n", "---\n"])
def test_an_empty_or_comment_only_site_yaml_says_so_and_what_it_needs(text):
    assert problems(text) == ["site.yaml:1:1: error: the file holds no settings (it is empty, or only comments); "
                              "it needs at least 'title', 'base_url' and 'author' (run 'profilegen init' in a "
                              "new folder to see an example)"]


def test_a_site_yaml_that_is_not_key_value_lines():
    assert problems("- title\n- base_url\n") == [
        "site.yaml:1:1: error: the file must hold key: value lines (such as title: …), not a list"]


def test_empty_front_matter_is_no_front_matter():
    assert front("") == front("~\n") == front("# nothing yet\n")


# --- items of lists and values of mappings ---------------------------------------------------

@pytest.mark.parametrize("extra, message", [
    ("check:\n  allow_emails: [2026-01-01]\n",
     "site.yaml:6:18: error: 'check.allow_emails[0]' must be an e-mail address such as you@example.nl, not a date"),
    ("check:\n  allow_emails: [me@example.nl, 12]\n",
     "site.yaml:6:33: error: 'check.allow_emails[1]' must be an e-mail address such as you@example.nl, not a number"),
    ("author2: x\n", "site.yaml:5:1: error: unknown key 'author2' (did you mean 'author'?)"),
    ("languages: [en, [de]]\n", "site.yaml:5:17: error: 'languages[1]' must be a language code such as 'nl', "
                                "'en' or 'nl-BE', not a list"),
    ("topics: [a, {b: c}]\n", "site.yaml:5:13: error: 'topics[1]' must be text, not a mapping (key: value lines)"),
    ("check:\n  words: {nl: [ok, [nested]]}\n", "site.yaml:6:20: error: 'check.words.nl[1]' must be text, not a list"),
    ("check:\n  words: {dutch: [x]}\n", "site.yaml:6:11: error: 'check.words.dutch' must be a language code such as "
                                        "'nl', 'en' or 'nl-BE' (got 'dutch')"),
    ("notes:\n  per_page: [20]\n", "site.yaml:6:13: error: 'notes.per_page' must be a whole number from 1 to "
                                   "1,000,000,000, not a list"),
    ("markdown:\n  html: 'yes'\n", "site.yaml:6:9: error: 'markdown.html' must be true or false, not text"),
    ("title: true\n", "site.yaml:1:8: error: 'title' must be text, not true/false; to mean the text, put it "
                      "between quotes ('true')"),
])
def test_a_wrong_value_anywhere_in_site_yaml_is_named_with_its_key_path_and_place(extra, message):
    text = SITE.replace('title: "T"\n', extra) if extra.startswith("title") else SITE + extra
    assert message in problems(text)


def test_a_wrong_value_inside_a_mapping_of_links():
    text = SITE + "  links: {linkedin: [1], github: 'https://github.com/x', mail: 'mailto:x@y.nl'}\n"
    assert problems(text) == ["site.yaml:5:21: error: 'author.links.linkedin' must be a web address or mailto: "
                              "address such as https://www.linkedin.com/in/you, not a list"]


def test_every_wrong_item_is_reported_at_once():
    text = SITE + "languages: [xx-, en, 3]\ncheck:\n  allow_emails: [a@b.nl, nope]\n"
    assert [p.split(": error: ")[0] for p in problems(text)] == ["site.yaml:5:13", "site.yaml:5:22", "site.yaml:7:26"]


def test_a_key_with_invisible_characters_is_shown_with_escapes_on_one_line():
    assert problems(SITE + '  links: {"a\\nb": [1]}\n') == [
        "site.yaml:5:19: error: 'author.links.a\\nb' must be a web address or mailto: address such as "
        "https://www.linkedin.com/in/you, not a list"]


def test_a_key_given_twice_in_a_mapping():
    assert "site.yaml:5:31: error: 'author.links.a' is given twice" in problems(
        SITE + "  links: {a: 'https://x.nl/', a: 'https://y.nl/'}\n")


@pytest.mark.parametrize("meta, message", [
    ("tags: [1, {a: b}]\n", "content/drives.md:2:11: error: 'tags[1]' must be text, not a mapping (key: value lines)"),
    ("tags: [[a]]\n", "content/drives.md:2:8: error: 'tags[0]' must be text, not a list"),
    ("draft: nee\n", "content/drives.md:2:8: error: 'draft' must be true or false, not text"),
    ("layer: [stand]\n", "content/drives.md:2:8: error: 'layer' must be text, not a list"),
    ("date: 2026-13-45\n", "content/drives.md:2:7: error: 'date' is not a real date: 2026-13-45 (month must be in 1..12)"),
    ("date: '2026-02-30'\n", "content/drives.md:2:7: error: 'date' is not a real date: 2026-02-30 (day is out of "
                             "range for month)"),
    ("date: '2026-02-03 x'\n", "content/drives.md:2:7: error: 'date' must be a date written as YYYY-MM-DD, not "
                               "'2026-02-03 x'"),
    ("extra: !!binary aGVsbG8=\n", "content/drives.md:2:8: error: 'extra' must be a mapping (key: value lines), not "
                                   "a value"),
    ("extra: {photo: !!binary aGVsbG8=}\n", "content/drives.md:2:16: error: 'extra.photo' has the YAML type "
                                            "tag:yaml.org,2002:binary, which templates cannot use"),
    ("extra: {set: !!set {a, b}}\n", "content/drives.md:2:14: error: 'extra.set' has the YAML type "
                                     "tag:yaml.org,2002:set, which templates cannot use"),
])
def test_a_wrong_value_in_front_matter(meta, message):
    assert any(p.startswith(message) for p in front_problems(meta)), front_problems(meta)


def test_extra_is_free_form_and_tags_keep_numbers_as_written():
    meta = front("tags: [1, 2.5, 2024]\nextra: {a: [1, {b: c}], d: 2026-01-01, e: null, '2': x}\n")
    assert meta.tags == ["1", "2.5", "2024"]
    assert meta.extra == {"a": [1, {"b": "c"}], "d": __import__("datetime").date(2026, 1, 1), "e": None, "2": "x"}


# --- a list of text written as one text ------------------------------------------------------

def test_a_list_of_text_may_be_one_text_split_at_commas_in_site_yaml_and_front_matter():
    settings = settings_from_text(SITE + "topics: participatie, energietransitie\nlanguages: en\n"
                                         "check:\n  allow_emails: a@b.nl , c@d.nl,\n")
    assert settings.topics == ["participatie", "energietransitie"]
    assert settings.languages == ["en"]
    assert settings.check.allow_emails == ["a@b.nl", "c@d.nl"]
    assert settings_from_text(SITE + "topics: testen\n").topics == ["testen"]
    assert settings_from_text(SITE + 'topics: ["zorg, welzijn"]\n').topics == ["zorg, welzijn"]
    assert front("tags: een, twee\n").tags == front("tags: [een, twee]\n").tags == ["een", "twee"]
    assert front("tags: ''\n").tags == []


def test_an_item_of_a_text_split_at_commas_is_checked_too():
    assert problems(SITE + "languages: en, Dutch\n") == [
        "site.yaml:5:12: error: 'languages[1]' must be a language code such as 'nl', 'en' or 'nl-BE' (got 'Dutch')"]


def test_i18n_topics_split_at_commas_count_as_a_list():
    text = (SITE + "topics: participatie, energie\nlanguages: [en]\ni18n:\n  en:\n"
                   "    topics: participation, energy\n")
    assert settings_from_text(text).i18n["en"].topics == ["participation", "energy"]


# --- numbers ---------------------------------------------------------------------------------

@pytest.mark.parametrize("written", ["0x" + "f" * 5000, "9" * 5000, "-" + "1" * 60, "1_000_000_000_000"])
def test_a_huge_number_is_refused_before_python_reads_it(written):
    started = time.perf_counter()
    message = front_problems(f"order: {written}\n")[0]
    assert time.perf_counter() - started < 1
    assert message.startswith("content/drives.md:2:8: error: 'order' ")
    assert "a whole number from -1,000,000,000 to 1,000,000,000" in message


def test_whole_numbers_as_json_has_them():
    assert front("order: 2.0\n").order == 2
    assert front("order: -3\n").order == -3
    assert front_problems("order: 1.5\n") == [
        "content/drives.md:2:8: error: 'order' must be a whole number from -1,000,000,000 to 1,000,000,000, not 1.5"]
    assert problems(SITE + "notes:\n  per_page: 0\n") == [
        "site.yaml:6:13: error: 'notes.per_page' must be a whole number from 1 to 1,000,000,000, not 0"]


def test_a_huge_number_in_extra_is_refused_too():
    assert front_problems("extra: {n: 0x" + "f" * 5000 + "}\n") == [
        "content/drives.md:2:12: error: 'extra.n' is far too large a number (5,002 characters)"]


# --- web addresses ---------------------------------------------------------------------------

@pytest.mark.parametrize("url", ["https://[::1", "https://[::1]/", "https://x y/", "https://x.nl/a b", "https://",
                                 "https://ex\u0430mple.nl/", "https://x.nl:99999999/"])
def test_a_base_url_that_is_no_plain_web_address_is_a_located_error(url):
    message, = problems(SITE.replace("https://x.github.io/repo/", url))
    assert message.startswith("site.yaml:2:11: error: 'base_url' must be a full web address such as "
                              "https://you.github.io/profiel/ (got ")


def test_a_base_url_with_a_query_or_without_https_says_which():
    assert problems(SITE.replace("https://x.github.io/repo/", "https://x.github.io/?a")) == [
        "site.yaml:2:11: error: 'base_url' must not contain '?' or '#'"]
    assert problems(SITE.replace("https://x.github.io/repo/", "x.github.io/repo/")) == [
        "site.yaml:2:11: error: 'base_url' must be a full web address starting with https:// (got 'x.github.io/repo/')"]


def test_base_url_on_the_command_line_is_a_usage_error_naming_the_option(tmp_path):
    (tmp_path / "site.yaml").write_text(SITE, "utf-8")
    with pytest.raises(UsageError) as caught:
        load_settings(tmp_path, base_url="https://[::1")
    assert [str(p) for p in caught.value.problems] == [
        "--base-url: error: must be a full web address such as https://you.github.io/profiel/ (got 'https://[::1')"]
    assert load_settings(tmp_path, base_url="http://localhost:8000/x/").base_path == "/x/"


# --- control characters, names and their lengths --------------------------------------------

@pytest.mark.parametrize("escape, code", [("\\0", "0000"), ("\\e", "001B"), ("\\x7f", "007F"), ("\\x85", "0085"),
                                          ("\\x9f", "009F"), ("\\r", "000D"), ("\\b", "0008")])
def test_a_control_character_in_a_title_is_named(escape, code):
    assert front_problems(f'title: "Drijf{escape}veren"\n') == [
        f"content/drives.md:2:8: error: 'title' holds the control character U+{code} (invisible; from a \\ escape "
        "or pasted text), which cannot be shown or put in a feed; remove it"]


def test_half_a_character_is_refused_where_it_is_written():
    assert front_problems('title: "a\\ud800b"\n') == [
        "content/drives.md:2:12: error: invalid YAML: found invalid Unicode character escape code (write the "
        "character itself, or a \\u escape of a whole character)"]


def test_tabs_newlines_and_every_language_are_text():
    assert front('title: "Één\\tvisie 😀\\nop zorg"\n').title == "Één\tvisie 😀\nop zorg"


@pytest.mark.parametrize("value", ['"_site\\0"', '"_si\\x01te"', '"/tmp/x"', '"../elders"', '"."', '""', '"a\\\\b"',
                                   '".verborgen"'])
def test_output_must_be_a_folder_inside_the_profile(value):
    message, = problems(SITE + f"output: {value}\n")
    assert message.startswith("site.yaml:5:9: error: 'output' must ")


@pytest.mark.parametrize("value", ["_site", "docs", "build/site/", "./_site", "s" * 231])
def test_output_folders_that_are_fine(value):
    assert settings_from_text(SITE + f"output: {value}\n").output == value


def test_an_output_name_longer_than_the_file_system_allows_says_so():
    assert problems(SITE + "output: " + "s" * 232 + "\n") == [
        "site.yaml:5:9: error: 'output' has a folder name of 232 characters; at most 231 fit (a file system allows "
        "255 bytes a name, and the build writes '.<name>.profilegen-new-…' beside it)"]


def test_a_slug_longer_than_the_file_system_allows_says_so():
    assert front("slug: " + "a" * 255 + "\n").slug == "a" * 255
    assert front_problems("slug: " + "a" * 256 + "\n") == [
        "content/drives.md:2:7: error: 'slug' is 256 characters long; it can be at most 255 (the last part of a URL "
        "becomes a folder on disk, and a file system allows 255 bytes a name)"]


@pytest.mark.parametrize("value", ['"a\\0b"', '"a\\x1bb"', "a/b", "..", "Hoofdletters", "2024", "'a b'"])
def test_a_slug_is_one_url_segment(value):
    message, = front_problems(f"slug: {value}\n")
    assert message.startswith("content/drives.md:2:7: error: 'slug' must ")
    assert front("slug: '2024'\n").slug == "2024"


@pytest.mark.parametrize("value", ["/etc", "../../..", "..", "themes/x", "a\\\\b", '"x\\0"', "~/t", ".hidden"])
def test_a_theme_is_a_name_not_a_path(value):
    message, = problems(SITE + f"theme: {value}\n")
    assert message.startswith("site.yaml:5:8: error: 'theme' must be a theme name ('default', or the name of a "
                              "folder under themes/, not a path)")


def test_theme_names_that_are_fine():
    assert settings_from_text(SITE + "theme: mijn-thema_2.0\n").theme == "mijn-thema_2.0"


# --- YAML's own messages ---------------------------------------------------------------------

def test_a_recursive_alias_is_a_loop_and_mentions_no_tab():
    message, = front_problems("title: x\nextra: &zelf\n  ik: *zelf\n")
    assert message == ("content/drives.md:3:8: error: an alias ('*zelf') inside the value it refers to repeats it "
                       "without end (a loop); write the value out instead")
    assert "tab" not in message
    message, = front_problems("tags: &l [a, *l]\n")
    assert "a loop" in message and "tab" not in message


@pytest.mark.parametrize("yaml_text, place", [
    ("\ttitle: x\n", "2:1"), ("title: x\ntags:\n\t- a\n", "4:1"), ("extra:\n  a: 1\n\tb: 2\n", "4:1"),
    ("summary: |\n  een\n\ttwee\n", "4:1"),
])
def test_a_tab_is_named_with_its_line_and_column(yaml_text, place):
    line, column = place.split(":")
    assert front_problems(yaml_text) == [f"content/drives.md:{place}: error: invalid YAML: a tab at line {line}, "
                                         f"column {column}; YAML does not allow tabs for indentation: use spaces"]


def test_an_unclosed_quote_names_the_line_it_opened_on():
    assert front_problems("title: Drijfveren\nsummary: 'Wat mij\ndrijft.\ntags: [a]\n") == [
        "content/drives.md:3:10: error: invalid YAML: the quote (') opened on line 3 is never closed; add the "
        "closing ' at the end of the text"]
    assert problems(SITE + 'description: "Een\n') == [
        'site.yaml:5:14: error: invalid YAML: the quote (") opened on line 5 is never closed; add the closing " at '
        "the end of the text"]


def test_other_yaml_mistakes_keep_their_place_and_get_a_hint():
    assert front_problems("title: @sanne\n") == [
        "content/drives.md:2:8: error: invalid YAML: found character that cannot start any token (text that starts "
        "with @ must be put between quotes)"]
    assert problems(SITE + "---\ntitle: x\n") == [
        "site.yaml:5:1: error: invalid YAML: a second document starts here (a line '---' ends the first); remove the "
        "line, or put the text that holds it between quotes"]
    message, = problems(SITE + "description: Zo: niet\n")
    assert message.startswith("site.yaml:5:16: error: invalid YAML: mapping values are not allowed")
    assert message.endswith("(put text that contains ': ' between quotes)")


def test_a_control_character_in_the_file_itself_is_located(tmp_path):
    (tmp_path / "site.yaml").write_bytes(SITE.encode() + b"description: a\x00b\n")
    with pytest.raises(UserError) as caught:
        load_settings(tmp_path)
    assert [str(p) for p in caught.value.problems] == [
        "site.yaml:5:15: error: this file holds the control character U+0000, which YAML does not allow (it is "
        "invisible; it came with pasted text or from another program); remove it"]


# --- aliases ---------------------------------------------------------------------------------

def _laughs(levels: int, indent: str = "") -> str:
    lines = [f"{indent}l0: &l0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]"]
    lines += [f"{indent}l{n}: &l{n} [{', '.join([f'*l{n - 1}'] * 9)}]" for n in range(1, levels)]
    return "\n".join(lines) + "\n"


def test_a_billion_laughs_in_front_matter_is_refused_at_once_without_memory():
    tracemalloc.start()
    started = time.perf_counter()
    message, = front_problems("extra:\n" + _laughs(10, "  "))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert time.perf_counter() - started < 1 and peak < 5_000_000
    assert message.startswith("content/drives.md:5:7: error: the value of the anchor '&l2' is repeated by its "
                              "aliases into far more than the file holds (like a 'billion laughs'), so it is not read")


def test_a_billion_laughs_in_site_yaml_is_refused():
    message, = problems(SITE + "check:\n  words:\n" + _laughs(10, "    ").replace("    l", "    x"))
    assert "(like a 'billion laughs')" in message and message.startswith("site.yaml:")


def test_a_few_aliases_are_fine():
    text = (SITE + "topics: &t [participatie, energie]\nlanguages: [en]\nlinkedin: &li\n  call_to_action: Bel me\n"
                   "i18n:\n  en:\n    topics: *t\n    linkedin: *li\n")
    settings = settings_from_text(text)
    assert settings.i18n["en"].topics == ["participatie", "energie"]
    assert settings.i18n["en"].linkedin.call_to_action == "Bel me"
    # A merge key works as in any YAML reader.
    assert front("extra:\n  base: &b {a: 1, b: 2}\n  more: {<<: *b, b: 3}\n").extra["more"] == {"a": 1, "b": 3}


def test_the_alias_budget_is_what_the_file_holds_plus_a_margin():
    block = "[" + ", ".join(["woord"] * 50) + "]"  # ~300 characters and values
    few = "extra:\n  a: &a " + block + "\n" + "".join(f"  b{i}: *a\n" for i in range(ALIAS_BUDGET // 400))
    assert len(front(few).extra) == ALIAS_BUDGET // 400 + 1
    many = "extra:\n  a: &a " + block + "\n" + "".join(f"  b{i}: *a\n" for i in range(ALIAS_BUDGET // 100))
    assert "billion laughs" in front_problems(many)[0]


# --- files that are not UTF-8 ----------------------------------------------------------------

@pytest.mark.parametrize("data, guess, place", [
    ("title: Café\n".encode("cp1252"), "Windows-1252", (1, 11)),
    ("title: “Visie” – €5\n".encode("cp1252"), "Windows-1252", (1, 8)),
    (b"title: x\nsummary: caf\xe9 \x81\n", "Latin-1", (2, 13)),
    ("title: Café\n".encode("utf-16"), "UTF-16", (1, 1)),
])
def test_a_file_not_saved_as_utf8_says_what_it_looks_like_and_what_to_do(tmp_path, data, guess, place):
    path = tmp_path / "drives.md"
    path.write_bytes(data)
    with pytest.raises(UserError) as caught:
        read_text(path, "content/drives.md")
    problem, = caught.value.problems
    assert (problem.line, problem.column) == place
    assert problem.message == (f"this file is not saved as UTF-8 (it looks like {guess}); in your editor choose "
                               "Save with encoding → UTF-8")


def test_a_binary_file_is_not_text(tmp_path):
    path = tmp_path / "drives.md"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4)
    with pytest.raises(UserError) as caught:
        read_text(path, "content/drives.md")
    assert "this file is not text" in caught.value.problems[0].message


def test_settings_are_plain_dataclasses_with_the_split_values():
    settings = settings_from_text(SITE)
    assert isinstance(settings, Settings) and settings.topics == [] and settings.output == "_site"


# --- whatever the text, a located error or a value -------------------------------------------

_EXAMPLE_SITE = (SITE + "languages: [en]\ntopics: [a, b]\ni18n:\n  en: {title: E, topics: [x, y]}\n"
                        "notes: {per_page: 5}\ncheck: {allow_emails: [a@b.nl], words: {nl: [w]}}\noutput: _site\n")
_EXAMPLE_FRONT = "title: T\nlayer: stand\norder: 2\ndate: 2026-01-01\ntags: [a, b]\nslug: s\nextra: {k: [1, 2]}\n"
_PIECES = ["\t", "\x00", "\x1b", "\x85", "'", '"', "&a ", "*a", "<<: *a", "[", "]", "{", "}", ":", ": ", "- ", "#",
           "\n", "\n  ", "---\n", "...\n", "!!binary ", "!!set ", "!x ", "0x" + "f" * 60, "9" * 60, "~", "?", "|",
           ">", "%", "@", "`", "\\", "\\x00", "é", "😀", ",", "yes", "2026-13-45"]


@hypothesis.settings(max_examples=int(os.environ.get("PROFILEGEN_FUZZ_EXAMPLES", "300")), deadline=None)
@hypothesis.given(st.sampled_from([_EXAMPLE_SITE, _EXAMPLE_FRONT]),
                  st.lists(st.tuples(st.integers(0, 400), st.integers(0, 3),
                                     st.one_of(st.sampled_from(_PIECES), st.text(max_size=3))), max_size=4))
def test_no_change_to_the_text_makes_anything_but_a_located_error(text, edits):
    for at, cut, piece in edits:
        at %= len(text) + 1
        text = text[:at] + piece + text[at + cut:]
    try:
        if text is _EXAMPLE_SITE or text.startswith(SITE[:10]):
            settings_from_text(text)
        else:
            parse_document(f"---\n{text}---\nTekst.\n", "content/drives.md")
    except UserError as exc:
        for problem in exc.problems:
            assert problem.file in ("site.yaml", "content/drives.md") and problem.line is not None, problem
            assert problem.message and "\n" not in problem.message, problem


def test_check_ignore_names_the_rules_check_has():
    """config.RULE_IDS (what `check.ignore` accepts) is every rule id check and linkedin report."""
    import re

    from profilegen import check
    from profilegen.check import (focus, layers, links, photos, placeholders, privacy, publishing,  # noqa: F401
                                  spelling, tone)  # (they register rules)
    from profilegen.config import _EVERY_RULE, RULE_IDS

    package = Path(check.__file__).parent
    written = set()
    for path in [*package.glob("*.py"), package.parent / "linkedin.py"]:
        written |= set(re.findall(rf'"((?:{"|".join(RULE_IDS)})\.[a-z][a-z0-9-]*)"', path.read_text("utf-8")))
    assert written == {rule for rule in _EVERY_RULE if "." in rule}
    assert set(check.TEXT_RULES) | set(check.PROFILE_RULES) <= set(_EVERY_RULE)


@pytest.mark.parametrize("value, message", [
    ("[focus.offtopic]", r"site.yaml:\d+:\d+: error: 'check.ignore\[0\]' must be a rule id or a family of rules .*"
                         r"\(got 'focus.offtopic'\) \(did you mean 'focus.off-topic'\?\)"),
    ("[tone, privacy.phon]", r"'check.ignore\[1\]' .*\(did you mean 'privacy.phone'\?\)"),
    ("'tone, lniks'", r"'check.ignore\[1\]' .*\(got 'lniks'\) \(did you mean 'links'\?\)"),
])
def test_a_misspelt_rule_in_check_ignore_is_named_with_a_suggestion(value, message):
    with pytest.raises(UserError) as caught:
        settings_from_text(SITE + f"check:\n  ignore: {value}\n")
    assert re.search(message, str(caught.value.problems[0])), caught.value.problems


def test_check_ignore_takes_families_and_ids():
    settings = settings_from_text(SITE + "check:\n  ignore: [tone, privacy.phone, linkedin.post-too-long]\n")
    assert settings.check.ignore == ["tone", "privacy.phone", "linkedin.post-too-long"]
