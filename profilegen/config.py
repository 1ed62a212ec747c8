"""site.yaml: the settings of a profile, declared once with a description per field."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from profilegen.errors import Problem, UserError
from profilegen.schema import doc, load
from profilegen.yamlio import YamlDocument

SETTINGS_FILE = "site.yaml"
SCHEMA_URL = "https://profilegen.github.io/schema/site.schema.json"


def _http_url(value: str) -> str | None:
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return f"must be a full web address starting with https:// (got '{value}')"
    if parts.query or parts.fragment:
        return "must not contain '?' or '#'"
    return None


def _link(value: str) -> str | None:
    if value.startswith("mailto:"):
        return None
    return _http_url(value)


def _links(value: dict) -> str | None:
    for name, url in value.items():
        message = _link(url)
        if message:
            return f"entry '{name}' {message}"
    return None


def _language(value: str) -> str | None:
    if not re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?", value):
        return f"must be a language code such as 'nl', 'en' or 'nl-BE' (got '{value}')"
    return None


def _email(value: str) -> str | None:
    if not re.fullmatch(r"[^@\s<>\"]+@[^@\s<>\"]+\.[^@\s<>\"]+", value):
        return f"is not an e-mail address: '{value}'"
    return None


def _emails(values: list) -> str | None:
    return next((m for m in map(_email, values) if m), None)


def _output(value: str) -> str | None:
    if not value.strip() or value.strip() in (".", "./"):
        return "must name a folder of its own, such as _site"
    return None


@dataclass(frozen=True, kw_only=True)
class Author:
    """Who the profile is about."""

    name: str = doc("Your name, as on the page, in search results and in the JSON-LD Person.")
    role: str | None = doc("Your role or profession, e.g. 'Omgevingsmanager'.", default=None)
    organisation: str | None = doc("Where you work now (optional).", default=None)
    location: str | None = doc("A city or region. Never a street address.", default=None)
    email: str | None = doc("A public e-mail address, shown on purpose.", default=None, check=_email)
    image: str | None = doc("A portrait under static/, e.g. 'images/me.jpg' (optional).", default=None)
    links: dict[str, str] = doc(
        "Your profiles elsewhere, name: URL (linkedin, github, mastodon, …).",
        factory=dict, check=_links,
        examples=[{"linkedin": "https://www.linkedin.com/in/you", "github": "https://github.com/you"}],
    )


@dataclass(frozen=True, kw_only=True)
class LinkedIn:
    """Settings for the LinkedIn text."""

    headline: str | None = doc("Your LinkedIn headline; null composes one from role, topics and goals.",
                               default=None)
    call_to_action: str | None = doc("The closing line of the About text, e.g. 'Mail me als je …'.",
                                     default=None)


@dataclass(frozen=True, kw_only=True)
class MarkdownSettings:
    """How Markdown is turned into HTML."""

    html: bool = doc("Allow raw HTML in Markdown. Off by default: HTML is shown as text.", default=False)


@dataclass(frozen=True, kw_only=True)
class CheckSettings:
    """Settings for `profilegen check`."""

    ignore: list[str] = doc("Rule ids to skip everywhere, e.g. 'focus.off-topic'.", factory=list)
    allow_emails: list[str] = doc("E-mail addresses that may appear in content.", factory=list,
                                  check=_emails)
    words: dict[str, list[str]] = doc("Extra dismissive words or phrases to flag, per language: "
                                      "{nl: [...], en: [...]}.", factory=dict)


def _positive(value: int) -> str | None:
    return None if value >= 1 else "must be 1 or more"


@dataclass(frozen=True, kw_only=True)
class NotesSettings:
    """How notes are listed."""

    per_page: int = doc("Notes per page on /notes/ and on each topic page.", default=20, check=_positive)
    feed_size: int = doc("How many of the latest notes the Atom feed holds.", default=20, check=_positive)
    words_per_minute: int = doc("Reading speed for the 'minutes to read' of a note.", default=200,
                                check=_positive)


def _languages(values: list) -> str | None:
    return next((m for m in map(_language, values) if m), None)


@dataclass(frozen=True, kw_only=True)
class AuthorInLanguage:
    """What of the author reads differently in another language."""

    role: str | None = doc("Your role in this language, e.g. 'Community manager'.", default=None)
    organisation: str | None = doc("Your organisation's name in this language.", default=None)
    location: str | None = doc("Your city or region as written in this language.", default=None)


@dataclass(frozen=True, kw_only=True)
class LanguageOverrides:
    """Settings that differ in one of the other languages (under i18n.<code>)."""

    title: str | None = doc("The site's title in this language.", default=None)
    description: str | None = doc("The description for search engines in this language.", default=None)
    author: AuthorInLanguage | None = doc("Role, organisation and location in this language.", default=None)
    topics: list[str] | None = doc("Your themes in this language (same order as `topics`).", default=None)
    linkedin: LinkedIn | None = doc("Headline and call to action in this language.", default=None)


@dataclass(frozen=True, kw_only=True)
class Settings:
    """The settings of a profilegen site (site.yaml)."""

    title: str = doc("The site's title, shown in the browser tab and in search results.")
    base_url: str = doc(
        "The public address of the site, e.g. https://you.github.io/profiel/ (its path is kept in every link).",
        check=_http_url, examples=["https://you.github.io/profiel/"],
    )
    description: str | None = doc("A one-sentence description for search engines (optional; "
                                  "defaults to the summary of what you stand for).", default=None)
    language: str = doc("The main language of the site, served at the root, e.g. 'nl' or 'en'.",
                        default="nl", check=_language)
    languages: list[str] = doc("Other languages, each served under /<code>/ from content/<code>/, "
                               "e.g. [en].", factory=list, check=_languages)
    i18n: dict[str, LanguageOverrides] = doc("Per other language: title, description, author role, "
                                             "topics and linkedin texts in that language.", factory=dict)
    theme: str = doc("The theme: 'default', or a folder of your own under themes/.", default="default")
    author: Author = doc("Who the profile is about.")
    topics: list[str] = doc("The themes that are yours; notes are grouped by them.", factory=list)
    linkedin: LinkedIn = doc("Settings for the LinkedIn text.", factory=LinkedIn)
    notes: NotesSettings = doc("How notes are listed.", factory=NotesSettings)
    markdown: MarkdownSettings = doc("How Markdown is turned into HTML.", factory=MarkdownSettings)
    check: CheckSettings = doc("Settings for `profilegen check`.", factory=CheckSettings)
    output: str = doc("The folder the site is built into, inside the source folder.", default="_site",
                      check=_output)

    @property
    def base_path(self) -> str:
        """The path part of base_url, always with slashes at both ends ('/' or '/repo/')."""
        path = urlsplit(self.base_url).path.strip("/")
        return f"/{path}/" if path else "/"

    @property
    def site_url(self) -> str:
        """base_url with exactly one trailing slash."""
        return self.base_url.rstrip("/") + "/"

    @property
    def all_languages(self) -> tuple[str, ...]:
        """The main language first, then the others, each once."""
        return tuple(dict.fromkeys([self.language, *self.languages]))

    @property
    def main_language(self) -> str:
        return self.all_languages[0]

    def for_language(self, code: str) -> "Settings":
        """These settings as one language sees them: its overrides applied, `language` set to it."""
        import dataclasses

        if code == self.language:
            return self
        extra = self.i18n.get(code) or LanguageOverrides()
        author = self.author
        if extra.author:
            author = dataclasses.replace(author, **{k: v for k, v in vars(extra.author).items() if v is not None})
        linkedin = self.linkedin
        if extra.linkedin:
            linkedin = dataclasses.replace(linkedin, **{k: v for k, v in vars(extra.linkedin).items()
                                                        if v is not None})
        # `language` becomes the page language; the main one stays known through `languages`.
        return dataclasses.replace(
            self, language=code, languages=[self.language, *[c for c in self.languages if c != code]],
            title=extra.title or self.title, description=extra.description or self.description,
            author=author, linkedin=linkedin, topics=list(extra.topics) if extra.topics is not None else self.topics)


def load_settings(source: Path, *, base_url: str | None = None) -> Settings:
    """Read and validate site.yaml in ``source``; ``base_url`` overrides the file's value."""
    path = source / SETTINGS_FILE
    if not path.is_file():
        raise UserError(Problem(SETTINGS_FILE, None, None,
                                f"no {SETTINGS_FILE} in {source.resolve()} "
                                "(run 'profilegen init' to start a profile, or pass --source)"))
    text = read_text(path, SETTINGS_FILE)
    document = YamlDocument(text, SETTINGS_FILE)
    try:
        settings = load(document, Settings, empty_ok=False)
        _check_languages(settings, document)
    finally:
        document.dispose()
    if base_url is not None:
        message = _http_url(base_url)
        if message:
            raise UserError(Problem("--base-url", None, None, message))
        settings = _replace(settings, base_url=base_url)
    return settings


def _check_languages(settings: Settings, document: YamlDocument) -> None:
    """Cross-field rules: i18n only for configured languages, topics lists of equal length."""
    problems = []
    others = set(settings.languages) - {settings.language}
    for code, overrides in settings.i18n.items():
        node = document.find(["i18n", code], key=True)
        if code not in others:
            where = ("it is the main language; set its texts at the top level" if code == settings.language
                     else f"add it to 'languages' first (languages: [{', '.join([*sorted(others), code])}])")
            problems.append(document.problem(node, f"'i18n.{code}' is not another language of this site: {where}"))
        elif overrides.topics is not None and len(overrides.topics) != len(settings.topics):
            problems.append(document.problem(document.find(["i18n", code, "topics"]),
                                             f"'i18n.{code}.topics' must have as many topics as 'topics' "
                                             f"({len(settings.topics)}), in the same order, so notes can be "
                                             "matched to their topic in both languages"))
    if problems:
        raise UserError(problems)


def _replace(settings: Settings, **changes) -> Settings:
    import dataclasses

    return dataclasses.replace(settings, **changes)


def read_text(path: Path, shown_as: str) -> str:
    """A UTF-8 file as text, BOM dropped and line ends normalised; bad bytes are a located error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(Problem(shown_as, None, None, f"cannot read the file: {exc.strerror}")) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise UserError(Problem(shown_as, line, column,
                                f"the file is not UTF-8 text (byte 0x{data[start]:02x}); "
                                "save it as UTF-8 in your editor")) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text
