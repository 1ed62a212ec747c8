"""LinkedIn text from the Profile: a headline, an About section and post drafts from notes.

The limits live in one table (LIMITS) so they are easy to update; text is measured the way
LinkedIn measures it (plaintext.linkedin_length). Composition is pure: Profile in, texts and
warnings out. The About's layout is a template of the theme (linkedin/about.txt.j2) that a
profile can override like any other template.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from profilegen.markdown import LinkContext, resolve_link
from profilegen.model import Page, Profile, is_empty
from profilegen.plaintext import linkedin_length, markdown_to_text, shorten
from profilegen.messages import _

# Characters; see ../shared/reference/linkedin.md. "fold" is what shows before "…see more"
# on a phone, the smallest of the screens it is read on.
LIMITS = {"headline": 220, "about": 2600, "post": 3000}
FOLD = {"about": 200, "post": 210}

# The About's blocks, strongest first: the order they are dropped in is the reverse.
ABOUT_PRIORITY = ("stand", "future", "expertise", "drives", "vision", "experience", "insights")
# The order they are shown in: the hook, then who I am, then where I am going.
ABOUT_ORDER = ("stand", "drives", "expertise", "experience", "insights", "vision", "future")
NEEDED_LAYERS = ("stand", "drives", "expertise", "experience", "vision", "future")

_WORDS = {
    "nl": {"at": "bij", "topics": "", "heading_future": "Waar ik naartoe wil", "mail": "Mail",
           "site": "Meer op", "read": "Lees verder op"},
    "en": {"at": "at", "topics": "", "heading_future": "Where I am going", "mail": "E-mail",
           "site": "More at", "read": "Read more at"},
}


@dataclass(frozen=True)
class Finding:
    """A LinkedIn warning; `check` reports these under the same rule ids."""

    rule: str
    message: str
    file: str = "site.yaml"
    line: int | None = None


@dataclass(frozen=True)
class Text:
    text: str
    limit: int
    fold_at: int | None = None

    @property
    def length(self) -> int:
        return linkedin_length(self.text)

    @property
    def fold(self) -> str:
        """The text before '…see more': up to the fold, at a word boundary."""
        if self.fold_at is None or self.length <= self.fold_at:
            return self.text
        head = self.text[: self.fold_at]
        cut = max(head.rfind(" "), head.rfind("\n"))
        return head[:cut].rstrip() if cut > 0 else head

    def as_json(self) -> dict:
        data = {"text": self.text, "length": self.length, "limit": self.limit}
        if self.fold_at is not None:
            data["fold"] = self.fold
        return data


@dataclass
class LinkedInText:
    language: str
    headline: Text
    about: Text
    warnings: list[Finding] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"language": self.language, "headline": self.headline.as_json(),
                "about": self.about.as_json(),
                "warnings": [{"rule": w.rule, "message": w.message} for w in self.warnings]}


def _words(profile: Profile) -> dict:
    return _WORDS.get(profile.language.split("-")[0], _WORDS["en"])


def _resolver(profile: Profile):
    settings = profile.settings
    page_urls = {p.source: p.url for p in profile.all_pages}

    def resolve(page: Page):
        context = LinkContext(page.source, settings.base_path, urlsplit(settings.site_url).hostname or "",
                              page_urls, frozenset())

        def absolute(href: str) -> str:
            url, _ = resolve_link(href, context)
            if url.startswith(settings.base_path) and not url.startswith("//"):
                return settings.site_url + url[len(settings.base_path):]
            return url
        return absolute
    return resolve


def _first_sentence(text: str) -> str:
    match = re.match(r"(.+?[.!?])(\s|$)", text.strip(), re.S)
    return (match.group(1) if match else text).strip()


def compose_headline(profile: Profile) -> tuple[Text, list[Finding]]:
    """The headline: site.yaml's when given, else role, topics and the future, as fits."""
    limit = LIMITS["headline"]
    findings: list[Finding] = []
    given = profile.settings.linkedin.headline
    if given:
        text = " ".join(given.split())
        if linkedin_length(text) > limit:
            findings.append(Finding("linkedin.headline-too-long",
                                    _("the headline in site.yaml is {linkedin_length} characters; LinkedIn "
                                    "allows {limit}. It was shortened: write a shorter one under linkedin.headline").format(linkedin_length=linkedin_length(text), limit=limit)))
            text = shorten(text, limit)
    else:
        author, words = profile.author, _words(profile)
        role = author.role or ""
        if role and author.organisation:
            role = f"{role} {words['at']} {author.organisation}"
        topics = ", ".join(profile.topics[:-1]) + (f" & {profile.topics[-1]}" if len(profile.topics) > 1 else "") \
            if profile.topics else ""
        if len(profile.topics) == 1:
            topics = profile.topics[0]
        future = profile.layer("future")
        goal = _first_sentence(future.summary) if future is not None and future.summary and not is_empty(future) else ""
        candidates = [[role, topics, goal], [role, topics], [author.role or "", topics], [role], [author.role or ""]]
        text = ""
        for parts in candidates:
            joined = " | ".join(p for p in parts if p)
            if joined and linkedin_length(joined) <= limit:
                text = joined
                break
        text = text or shorten(" | ".join(p for p in candidates[0] if p), limit)
    if text and author_role_only(profile, text):
        findings.append(Finding("linkedin.headline-only-title",
                                _("the headline is only a job title; add your topics to site.yaml (topics) or write "
                                "a headline that says what you stand for or work towards")))
    return Text(text, limit), findings


def author_role_only(profile: Profile, text: str) -> bool:
    role = (profile.author.role or "").strip().lower()
    return bool(role) and text.strip().lower() in (role, f"{role} {_words(profile)['at']} "
                                                    f"{(profile.author.organisation or '').lower()}".strip())


@dataclass
class _Block:
    layer: str
    title: str
    summary: str
    body: str
    full: bool = True

    @property
    def text(self) -> str:
        if self.full and self.body:
            if self.summary and self.body.startswith(self.summary[:40]):
                return self.body
            return "\n\n".join(p for p in (self.summary, self.body) if p)
        return self.summary or self.body


def _blocks(profile: Profile) -> tuple[list[_Block], list[Finding]]:
    resolve = _resolver(profile)
    blocks, findings = [], []
    for name in ABOUT_ORDER:
        page = profile.layer(name)
        if is_empty(page):
            if name in NEEDED_LAYERS:
                where = page.source if page is not None else f"content/{profile.home_url}{name}.md"
                findings.append(Finding("linkedin.layer-empty",
                                        _("the About needs '{name}', but {where} is "
                                        "{value}; "
                                        "write it, with a one- or two-sentence summary").format(name=name, where=where, value='still the example text' if page is not None else 'missing'), where))
            continue
        body = markdown_to_text(page.body, resolve(page))
        blocks.append(_Block(name, page.title, " ".join((page.summary or "").split()), body))
    return blocks, findings


def _contact(profile: Profile) -> str:
    words, author = _words(profile), profile.author
    parts = []
    if author.email:
        parts.append(f"{words['mail']}: {author.email}")
    parts.append(f"{words['site']}: {profile.settings.site_url}{profile.home_url}")
    return " · ".join(parts)


def compose_about(profile: Profile, render) -> tuple[Text, list[Finding]]:
    """The About section, fitted to the limit by dropping the weakest parts first.

    ``render(blocks, call_to_action, contact)`` lays the text out (the theme's template).
    """
    limit = LIMITS["about"]
    blocks, findings = _blocks(profile)
    cta = " ".join((profile.settings.linkedin.call_to_action or "").split())
    contact = _contact(profile)

    def layout(current: list[_Block]) -> str:
        text = render(current, cta, contact)
        text = "\n".join(line.rstrip() for line in text.strip().split("\n"))
        return re.sub(r"\n{3,}", "\n\n", text)

    text = layout(blocks)
    fitted = linkedin_length(text) <= limit
    dropped: list[str] = []
    by_priority = sorted(blocks, key=lambda b: ABOUT_PRIORITY.index(b.layer), reverse=True)
    for block in by_priority:  # 1. the weakest blocks lose their body text first
        if fitted:
            break
        block.full = False
        text = layout(blocks)
        fitted = linkedin_length(text) <= limit
    for block in by_priority[:-1]:  # 2. then the weakest blocks go, never the hook
        if fitted:
            break
        blocks.remove(block)
        dropped.append(block.title)
        text = layout(blocks)
        fitted = linkedin_length(text) <= limit
    if not fitted:  # 3. then the text is cut at a sentence, else a word
        text = shorten(text, limit)
    # Summaries instead of full text is how the About is meant to fit; leaving parts out is not.
    if dropped or not fitted:
        if dropped and not fitted:
            message = _("even with only the summaries, the About is longer than LinkedIn's {limit} characters, so "
                        "it leaves out {dropped} and is cut short; shorten the summaries to choose yourself what stays")
        elif dropped:
            message = _("even with only the summaries, the About is longer than LinkedIn's {limit} characters, so "
                        "it leaves out {dropped}; shorten the summaries to choose yourself what stays")
        else:
            message = _("even with only the summaries, the About is longer than LinkedIn's {limit} characters, so "
                        "it is cut short; shorten the summaries to choose yourself what stays")
        findings.append(Finding("linkedin.about-too-long", message.format(limit=limit, dropped=", ".join(dropped))))
    return Text(text, limit, FOLD["about"]), findings


def compose_post(profile: Profile, note: Page) -> tuple[Text, list[Finding]]:
    """A post draft from a note: its text, a link to its page, hashtags from its tags."""
    limit = LIMITS["post"]
    words = _words(profile)
    url = profile.settings.site_url + note.url
    tags = " ".join("#" + re.sub(r"[^\w]", "", tag.title()) for tag in note.tags if re.sub(r"[^\w]", "", tag))
    tail = f"{words['read']}: {url}" + (f"\n\n{tags}" if tags else "")
    body = markdown_to_text(note.body, _resolver(profile)(note))
    head = note.title + ("\n\n" + note.summary if note.summary else "")
    text = f"{head}\n\n{body}\n\n{tail}"
    findings = []
    if linkedin_length(text) > limit:
        room = limit - linkedin_length(f"{head}\n\n\n\n{tail}")
        text = f"{head}\n\n{shorten(body, max(room, 0))}\n\n{tail}".replace("\n\n\n\n", "\n\n")
        findings.append(Finding("linkedin.post-too-long",
                                _("the note is longer than a post may be ({limit} characters); the post is "
                                "shortened and links to the full note").format(limit=limit), note.source))
    from profilegen.check import page_findings

    findings += [Finding(f.rule, f"{f.message}; {f.suggestion}", f.file, f.line)
                 for f in page_findings(note, profile, ("tone.bragging",))]
    return Text(text, limit, FOLD["post"]), findings


def linkedin_text(profile: Profile, render) -> LinkedInText:
    """Headline and About for one language's Profile, with every warning."""
    headline, headline_findings = compose_headline(profile)
    about, about_findings = compose_about(profile, render)
    return LinkedInText(profile.language, headline, about, headline_findings + about_findings)


def about_renderer(theme, source):
    """The theme's About template as a function, for compose_about."""
    from profilegen.theme import CACHE_DIR, make_text_environment

    template = make_text_environment(theme, source / CACHE_DIR).get_template("linkedin/about.txt.j2")

    def render(blocks, call_to_action, contact, **context) -> str:
        return template.render(blocks=blocks, call_to_action=call_to_action, contact=contact, **context)
    return render


def linkedin_findings(loaded) -> list[Finding]:
    """Every `linkedin.*` warning of every language: what `check` reports under these ids."""
    render = about_renderer(loaded.theme, loaded.source)
    return [finding for profile in loaded.profiles.values()
            for finding in linkedin_text(profile, render).warnings]
