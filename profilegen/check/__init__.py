"""`profilegen check`: read the profile as a careful friend would, before it is published.

Rules are plain functions in a registry, one module per family (privacy, tone, layers,
focus, links); each gets a Scan of one file (its text with code masked, so offsets stay
true) or the whole loaded profile, and yields Findings with the file, line and column.
`check` starts from the build's own load; nothing is parsed twice.
"""

from __future__ import annotations

import codecs
import dataclasses
import re
from dataclasses import dataclass, field
from typing import Callable, Iterator

from profilegen.errors import UserError
from profilegen.model import Page, Profile
from profilegen.messages import _, ngettext

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Finding:
    file: str
    line: int | None
    column: int | None
    rule: str
    severity: str
    message: str
    suggestion: str = ""

    def as_json(self) -> dict:
        return {"file": self.file, "line": self.line, "column": self.column, "rule": self.rule,
                "severity": self.severity, "message": self.message, "suggestion": self.suggestion}

    def __str__(self) -> str:
        return str(self.problem())

    def problem(self, *, hint: bool = False):
        """As a compiler-style Problem; ``hint`` adds how to publish it anyway (for the build)."""
        from profilegen.errors import Problem

        message = f"{self.message} [{self.rule}]"
        if hint:
            message += _("; to publish it anyway, put <!-- profilegen: ignore {rule} --> on the line before").format(rule=self.rule)
        return Problem(self.file, self.line, self.column if self.line else None, message, self.severity)


@dataclass
class Shared:
    """What every file's links are checked against, made once per check."""

    page_urls: dict[str, str]
    static_files: frozenset[str]
    renderer: object = None  # markdown.MarkdownRenderer; made when a page is first rendered (see markdown_renderer)
    allow_html: bool = False  # (markdown.html, for the renderer made then)

    def markdown_renderer(self):
        """The renderer of the pages' links: most pages have no link or image syntax, and a
        build skips links.broken, so most checks never render a page (nor import the renderer)."""
        if self.renderer is None:
            from profilegen.markdown import MarkdownRenderer

            self.renderer = MarkdownRenderer(allow_html=self.allow_html)
        return self.renderer


@dataclass
class Scan:
    """One file's text as the text rules see it: front matter and body, code blanked out."""

    page: Page
    profile: Profile
    text: str                      # front matter + body, code masked with spaces
    first_line: int                # the file line of text's first line
    ignored: dict[int, set[str]] = field(default_factory=dict)  # file line -> rules ignored there
    shared: Shared | None = None
    where: str = "text"            # "text" (a content file), "settings" (site.yaml) or "name" (a file name)
    _starts: list[int] = field(default_factory=list)
    _links: object = None
    _regions: list[tuple[int, int]] | None = None
    _lowered: str | None = None
    _words: set[str] | None = None  # (tone.present_words)
    _classes: bytes | None = None
    memo: dict = field(default_factory=dict)  # what a rule worked out once, for the rules after it

    @property
    def lowered(self) -> str:
        """``text`` in lower case, character for character (offsets stay true: 'İ' stays)."""
        if self._lowered is None:
            lowered = self.text.lower()
            if len(lowered) != len(self.text):
                lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in self.text)
            self._lowered = lowered
        return self._lowered

    def digit_regions(self) -> list[tuple[int, int]]:
        """The spans of ``text`` that any pattern with a digit in it can match in.

        Every digit's line, with the nearest non-blank line before and after it (a street
        name may end the line above its house number); overlapping spans merged. The privacy
        rules run their patterns over these spans only (as ``finditer(text, start, end)``,
        so lookbehinds still see what comes before): most prose has few digits, and a regex
        scan costs about as much per character skipped as per character matched.
        """
        if self._regions is None:
            self._regions = digit_regions(self.text, self.classes)
        return self._regions

    @property
    def classes(self) -> bytes:
        """``text`` as one byte per character that says its kind (see _CLASS_OF), made once."""
        if self._classes is None:
            self._classes = character_classes(self.text)
        return self._classes

    def links(self):
        """The page's broken links and images without alt text (markdown.LinkReport).

        A body without any link or image syntax has neither: it is not rendered for nothing."""
        body = self.page.body
        if self._links is None and not any(mark in body for mark in ("](", "]:", "][", "<", "![")):
            from profilegen.markdown import LinkReport

            self._links = LinkReport()
        if self._links is None:
            from profilegen.markdown import LinkContext

            settings = self.profile.settings
            context = LinkContext(self.page.source, settings.base_path, "", self.shared.page_urls,
                                  self.shared.static_files)
            self._links = self.shared.markdown_renderer().render(self.page.body, context)[1]
        return self._links

    def position(self, offset: int) -> tuple[int, int]:
        """File line and column (1-based) of an offset in ``text``."""
        if not self._starts:
            self._starts = [0] + [m.end() for m in re.finditer("\n", self.text)]
        import bisect

        index = bisect.bisect_right(self._starts, offset) - 1
        return self.first_line + index, offset - self._starts[index] + 1

    def finding(self, offset: int, rule: str, severity: str, message: str, suggestion: str = "") -> Finding:
        line, column = self.position(offset)
        return Finding(self.page.source, line, column, rule, severity, message, suggestion)


class LazyPattern:
    """A regular expression compiled when it is first used.

    The rules hold large patterns (every spelling of a birth date, of a boast) that most texts
    never reach: their gates let go of the text first. Compiled at import they would cost
    every build tens of milliseconds."""

    __slots__ = ("source", "flags", "_compiled")

    def __init__(self, source: str, flags: int = 0) -> None:
        self.source, self.flags, self._compiled = source, flags, None

    def __getattr__(self, name: str):  # search, finditer, match, pattern…: those of the compiled one
        if self._compiled is None:
            self._compiled = re.compile(self.source, self.flags)
        return getattr(self._compiled, name)


TextRule = Callable[[Scan], Iterator[Finding]]
ProfileRule = Callable[[Profile], Iterator[Finding]]
TEXT_RULES: dict[str, TextRule] = {}
PROFILE_RULES: dict[str, ProfileRule] = {}
# Text rules that also read file names (they become addresses), each with what says whether a
# name's text can hold what it finds at all: most names hold no digit and no '@'.
NAME_RULES: dict[str, Callable[[str], bool]] = {}


def rule(rule_id: str, *, per: str = "text", names: bool | Callable[[str], bool] = False):
    """Register a rule: per="text" rules get each file's Scan (and site.yaml's published values),
    per="profile" ones the Profile; ``names``: the rule also reads each file's name (when it is
    a function of the name's text: the names for which it is true, a superset of those in which
    the rule finds something)."""
    def register(function):
        (TEXT_RULES if per == "text" else PROFILE_RULES)[rule_id] = function
        if names:
            NAME_RULES[rule_id] = names if callable(names) else _any_name
        return function
    return register


def _any_name(name: str) -> bool:
    return True


# One byte per character (so offsets stay true), saying what kind of character it is: "#" a
# decimal digit, "A" a capital of [A-ZÀ-Ý], "a" another ASCII letter, " " white space, "." a
# separator of phone numbers ( ().-/ and the en dash), "x" anything else. The privacy rules
# ask these bytes, with bytes.find at memory speed, whether a text can hold what they look
# for at all, before any pattern reads it (Scan.classes).
_CLASS_OF = bytes(ord("#") if chr(byte).isdecimal() else
                  ord("A") if ord("A") <= byte <= ord("Z") or 0xC0 <= byte <= 0xDD else
                  ord("a") if ord("a") <= byte <= ord("z") else
                  ord(" ") if chr(byte).isspace() else
                  ord(".") if chr(byte) in "().-/" else ord("x") for byte in range(256))


def _non_latin1(error: UnicodeEncodeError) -> tuple[str, int]:
    chunk = error.object[error.start:error.end]
    return "".join("0" if ch.isdecimal() else "-" if ch == "–" else " " if ch.isspace() else "?"
                   for ch in chunk), error.end


codecs.register_error("profilegen-classes", _non_latin1)


def character_classes(text: str) -> bytes:
    """See _CLASS_OF."""
    return text.encode("latin-1", "profilegen-classes").translate(_CLASS_OF)


def digit_regions(text: str, marks: bytes | None = None) -> list[tuple[int, int]]:
    """See Scan.digit_regions (``marks``: the text's character_classes, if made already)."""
    marks = character_classes(text) if marks is None else marks
    regions: list[tuple[int, int]] = []
    at = marks.find(b"#")
    while at != -1:
        line_start = text.rfind("\n", 0, at) + 1
        line_end = text.find("\n", at)
        line_end = len(text) if line_end == -1 else line_end
        start = line_start
        while start > 0:  # back to the start of the previous non-blank line
            start = text.rfind("\n", 0, start - 1) + 1
            if text[start:text.find("\n", start)].strip():
                break
        end = line_end
        while end < len(text):  # on to the end of the next non-blank line
            following = text.find("\n", end + 1)
            following = len(text) if following == -1 else following
            line, end = text[end + 1:following], following
            if line.strip():
                break
        if regions and start <= regions[-1][1]:
            regions[-1] = (regions[-1][0], max(end, regions[-1][1]))
        else:
            regions.append((start, end))
        at = marks.find(b"#", line_end)
    return regions


_IGNORE = re.compile(r"<!--\s*profilegen:\s*ignore\s+([\w.\-, ]+?)\s*-->")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_CODE_SPAN = re.compile(r"(`+)(?!`)(.+?)(?<!`)\1(?!`)", re.S)


def _mask(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group(0))


def make_scan(page: Page, profile: Profile) -> Scan:
    """The scannable text of a page: front matter lines from line 2, then the body.

    Code blocks and code spans are replaced by spaces (newlines kept), so a phone number in an
    example snippet is not a finding and every offset maps to its place. HTML comments are
    read: with markdown.html off they show on the page as text, with it on they are in the
    page's source, which anyone can open.

    The scan's page holds its Markdown in memory: a page parsed in a worker left it in its
    file (content.FileText), and every ``page.body`` would read and hash the file again (the
    rules ask for it four or five times a file).
    """
    markdown = page.body
    if not isinstance(page.markdown, str):
        page = dataclasses.replace(page, markdown=markdown)
    ignored: dict[int, set[str]] = {}
    body = _masked_blocks(markdown, page.body_line, ignored) if _may_hold_blocks(markdown) else markdown
    if "`" in body:  # (a regex pass over text without any costs as much as one with some)
        body = _CODE_SPAN.sub(_mask, body)
    if not page.front:
        return Scan(page, profile, body, page.body_line, ignored)
    # The front matter starts on line 2; pad it so the body starts on its own line of the file.
    padding = "\n" * max(0, page.body_line - 2 - page.front.count("\n"))
    return Scan(page, profile, page.front + padding + body, 2, ignored)


def _may_hold_blocks(markdown: str) -> bool:
    """Whether _masked_blocks can change anything: a fence, a line indented as code or a
    comment (that may be an ignore directive). Most notes have none, and reading them line by
    line in Python was most of what making their Scan cost."""
    # (A search for one character is several times faster than one for three: most texts have no "`".)
    return (("`" in markdown and "```" in markdown) or ("~" in markdown and "~~~" in markdown)
            or "\n    " in markdown or markdown.startswith("    ") or ("<" in markdown and "<!--" in markdown))


def _masked_blocks(markdown: str, body_line: int, ignored: dict[int, set[str]]) -> str:
    """``markdown`` with fenced and indented code blocks blanked, and its ignore directives
    added to ``ignored`` (file line -> rules)."""
    lines = markdown.split("\n")
    fence = ""
    for index, line in enumerate(lines):
        match = _FENCE.match(line)
        if match and (not fence or (match.group(1)[0] == fence[0] and len(match.group(1)) >= len(fence))):
            fence = "" if fence else match.group(1)
            lines[index] = " " * len(line)
        elif fence or (line.startswith("    ") and (index == 0 or not lines[index - 1].strip())):
            lines[index] = " " * len(line)  # inside a fenced or an indented code block
        elif "<!--" in line and (directive := _IGNORE.search(line)):
            rules = set(directive.group(1).replace(",", " ").split())
            ignored.setdefault(body_line + index + 1, set()).update(rules)
    return "\n".join(lines)


class CheckFailed(UserError):
    """A build stopped by errors of `check`; its problems are shown grouped per file."""

    grouped = True


def grouped_lines(problems) -> list[str]:
    """Problems as lines, each once, grouped per file (files in order of their first problem),
    a file with more than one after a line with its count, and a total at the end."""
    by_file: dict[str, list] = {}
    for problem in dict.fromkeys(problems):
        by_file.setdefault(problem.file, []).append(problem)
    lines = []
    for file, found in by_file.items():
        if len(found) > 1:
            lines.append(f"{file}: {_count(found)}")
        lines.extend(str(problem) for problem in found)  # (unindented: editors read file:line:col at the start)
    if len(by_file) > 1:
        lines.append(ngettext("{count} in {files} file", "{count} in {files} files", len(by_file)).format(count=_count([p for found in by_file.values() for p in found]), files=len(by_file)))
    return lines


def _count(problems) -> str:
    errors = sum(p.severity == ERROR for p in problems)
    warnings = len(problems) - errors
    parts = [ngettext("{count} error", "{count} errors", errors).format(count=errors)] if errors else []
    if warnings or not errors:
        parts.append(ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings))
    return ", ".join(parts)


@dataclass
class CheckResult:
    findings: list[Finding]

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == ERROR]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == WARNING]


# Above this many files, the text rules run in worker processes (like rendering does). Without
# the spelling rule (a build's check) a file costs several times less than forking and feeding
# the workers does: then a file counts as a WITHOUT_SPELLING-th of one.
PARALLEL_THRESHOLD = 300
WITHOUT_SPELLING = 8


def _check_page(job) -> list[Finding]:
    """Every text rule on one file, and the rules that read names on its name (a worker's unit of work)."""
    page, profile, shared, wanted, rules, name_rules = job
    scan = make_scan(page, profile)
    scan.shared = shared
    found = _run(scan, rules, wanted)
    if name_rules:
        from profilegen.check.published import name_text

        text = name_text(page)
        reading = [function for function, may_find in name_rules if may_find(text)]
        name = Scan(page, profile, text, 1, shared=shared, where="name") if reading else None
        slug = ...  # (searched for when a finding needs it: a search of the whole text, at every line)
        for f in _run(name, reading, wanted) if reading else ():
            if f.line == 2 and slug is ...:
                slug = _SLUG.search(scan.text)
            if f.line == 2 and slug:  # the address from `slug:` in front matter: point there
                line, column = scan.position(slug.start(1))
                if f.rule not in scan.ignored.get(line, ()):
                    found.append(Finding(page.source, line, column, f.rule, f.severity,
                                         _("in the slug, which becomes the page's address: {message}").format(message=f.message),
                                         "choose another slug"))
            else:
                found.append(Finding(page.source, None, None, f.rule, f.severity,
                                     _("in the file name, which becomes the page's address: {message}").format(message=f.message),
                                     "rename the file (and set 'slug' in its front matter if the address must stay)"))
    return found


_SLUG = re.compile(r"^slug[ \t]*:[ \t]*['\"]?(\S)", re.M)


def _run(scan: Scan, rules, wanted) -> list[Finding]:
    return [f for function in rules for f in function(scan)
            if f.rule not in scan.ignored.get(f.line or 0, ()) and wanted(f.rule)]


def page_findings(page: Page, profile: Profile, rule_ids: tuple[str, ...]) -> list[Finding]:
    """The findings of some text rules on one page (a LinkedIn post draft asks for tone.bragging)."""
    from profilegen.check import tone  # noqa: F401  (it registers its rules)

    scan = make_scan(page, profile)
    ignore = set(profile.settings.check.ignore)
    return _run(scan, [TEXT_RULES[r] for r in rule_ids if r not in ignore and r.split(".")[0] not in ignore],
                lambda rule_id: True)


def check_settings(loaded, rules, wanted, shared: Shared) -> list[Finding]:
    """The text rules on the values of site.yaml that reach a page, located in site.yaml."""
    from profilegen.check.published import published_settings_text, settings_ignored, settings_page
    from profilegen.config import SETTINGS_FILE, read_text

    path = loaded.source / SETTINGS_FILE
    if not path.is_file():  # (a model built without a file, as some tests do)
        return []
    text = read_text(path, SETTINGS_FILE)
    scan = Scan(settings_page(), loaded.profile, published_settings_text(text), 1,
                settings_ignored(text), shared=shared, where="settings")
    return _run(scan, rules, wanted)


def _check_pages(jobs: list, spelling: bool) -> list[list[Finding]]:
    """_check_page of every job, on all cores above PARALLEL_THRESHOLD (workers inherit the jobs).

    ``spelling``: the spelling rule runs; its dictionaries are then loaded here, before the
    workers fork, so they share this process's copy instead of each loading its own (Dutch
    takes about a second)."""
    from profilegen.parallel import fork_map, workers_for

    workers = workers_for(len(jobs) if spelling else len(jobs) // WITHOUT_SPELLING, PARALLEL_THRESHOLD)
    if spelling and workers > 1:
        from profilegen.check.spelling import load_dictionaries

        load_dictionaries({job[1].language for job in jobs})

    def _check_page_at(index: int) -> list[Finding]:
        return _check_page(jobs[index])
    return fork_map(_check_page_at, len(jobs), workers)


def run_check(loaded, *, skip: frozenset[str] = frozenset(), memo: dict | None = None) -> CheckResult:
    """Every rule on every language's profile; ``skip`` names rule families or ids to leave out.

    ``memo`` (kept in the build cache) remembers each file's text findings by the file's digest
    and the settings they depend on, so a build after one edit checks one file again.
    """
    from profilegen.check import focus, layers, links, placeholders, privacy, publishing, spelling, tone  # noqa: F401  (they register rules)

    from profilegen.render import static_files

    ignore = set(loaded.settings.check.ignore) | set(skip)
    shared = Shared({p.source: p.url for profile in loaded.profiles.values() for p in profile.all_pages},
                    frozenset(static_files(loaded.source, loaded.theme)), allow_html=loaded.settings.markdown.html)

    def wanted(rule_id: str) -> bool:
        return rule_id not in ignore and rule_id.split(".")[0] not in ignore

    rules = [function for rule_id, function in TEXT_RULES.items() if wanted(rule_id)]  # (once, not per file)
    name_rules = [(function, NAME_RULES[rule_id]) for rule_id, function in TEXT_RULES.items()
                  if rule_id in NAME_RULES and wanted(rule_id)]
    findings: list[Finding] = []
    memo = memo if memo is not None else {}
    links_known = not {"links", "a11y", "links.broken", "a11y.image-alt"} & ignore
    jobs, keys, results = [], [], {}
    for profile in loaded.profiles.values():
        # What a file's findings depend on besides its own text (links: the other files too).
        context = repr((sorted(ignore), profile.settings.check, profile.author, profile.topics,
                        profile.language, sorted(shared.page_urls.items()) if links_known else None,
                        sorted(shared.static_files) if links_known else None))
        for page in profile.all_pages:
            key = (page.source, page.digest, context)
            if page.digest and key in memo:
                results[page.source] = memo[key]
            else:
                jobs.append((page, profile, shared, wanted, rules, name_rules))
                keys.append(key)
    for key, found in zip(keys, _check_pages(jobs, wanted("spelling.unknown"))):
        memo[key] = found
        results[key[0]] = found
    findings.extend(check_settings(loaded, rules, wanted, shared))
    for profile in loaded.profiles.values():
        for page in profile.all_pages:
            findings.extend(results.get(page.source, ()))
        for rule_id, function in PROFILE_RULES.items():
            if wanted(rule_id):
                findings.extend(f for f in function(profile) if wanted(f.rule))
    live = {(p.source, p.digest) for profile in loaded.profiles.values() for p in profile.all_pages}
    for key in [k for k in memo if (k[0], k[1]) not in live]:
        del memo[key]  # files that changed or are gone
    from profilegen.check.photos import photo_findings  # (static/ photos: location, weight)
    findings.extend(f for f in photo_findings(loaded) if wanted(f.rule))
    if wanted("linkedin"):
        from profilegen.linkedin import linkedin_findings

        # A layer that `layers.*` already reports is not reported again for the LinkedIn text.
        layer_files = {f.file for f in findings if f.rule.startswith("layers.") or f.rule == "content.placeholder"}
        findings.extend(Finding(f.file, f.line, None, f.rule, WARNING, f.message)
                        for f in linkedin_findings(loaded)
                        if wanted(f.rule) and not (f.rule == "linkedin.layer-empty" and f.file in layer_files))
    order = {p.source: i for profile in loaded.profiles.values() for i, p in enumerate(profile.all_pages)}
    findings.sort(key=lambda f: (f.file != "site.yaml", order.get(f.file, 10**6), f.file, f.line or 0, f.column or 0))
    return CheckResult(list(dict.fromkeys(findings)))
