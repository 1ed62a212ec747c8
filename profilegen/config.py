"""site.yaml: the settings of a profile, declared once with a description per field."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from profilegen.errors import Problem, UsageError, UserError
from profilegen.schema import Format, doc, formatted, load, shown, whole
from profilegen.yamlio import YamlDocument
from profilegen.messages import N_, _

SETTINGS_FILE = "site.yaml"
SCHEMA_URL = "https://profilegen.github.io/schema/site.schema.json"


# What a web address may hold after its host, as RFC 3986 writes it: ASCII without spaces,
# quotes, angle brackets or backslashes (other characters are written as %XX).
_URL_PATH = r"[A-Za-z0-9._~!$&'()*+,;=:@%/-]"
_URL_REST = r"[A-Za-z0-9._~!$&'()*+,;=:@%/?#-]"  # (of a query or fragment)
# A host name as GitHub Pages and most sites have: ASCII labels, optionally a port. (Not an
# IPv6 literal: Python's urlsplit raises on a broken one, and no profile is published there.)
_HOST = r"[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?"
# An e-mail address as HTML's <input type=email> takes it (ASCII; a domain with a dot).
_EMAIL = r"[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"


def _explain_address(value: str) -> str | None:
    if not value.lower().startswith(("http://", "https://")):
        return _("must be a full web address starting with https:// (got {value})").format(value=shown(value))
    if "?" in value or "#" in value:
        return _("must not contain '?' or '#'")
    return None


WEB_ADDRESS = Format(N_("a full web address"), N_("web addresses"), rf"https?://{_HOST}(?:/{_URL_PATH}*)?",
                     N_("such as https://you.github.io/profiel/"), explain=_explain_address)
LINK = Format(N_("a web address or mailto: address"), N_("web addresses"),
              rf"mailto:{_EMAIL}|https?://{_HOST}(?:/{_URL_PATH}*)?(?:[?#]{_URL_REST}*)?",
              N_("such as https://www.linkedin.com/in/you"))
LANGUAGE = Format(N_("a language code"), N_("language codes"), r"[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})?",
                  N_("such as 'nl', 'en' or 'nl-BE'"))
EMAIL = Format(N_("an e-mail address"), N_("e-mail addresses"), _EMAIL, N_("such as you@example.nl"))

# A name on disk: the file system allows 255 bytes a name (these are ASCII, one byte a character).
NAME_MAX = 255
# The output folder gets company beside it while a build runs: .<name>.profilegen-new-<pid>
# (write.py), so its own name must leave room for 24 more bytes.
_OUTPUT_NAME_MAX = NAME_MAX - len(".") - len(".profilegen-new-") - 7


def _explain_folder(value: str) -> str | None:
    parts = [p for p in value.split("/") if p not in ("", ".")]
    if not value.strip() or not parts:
        return _("must name a folder of its own, such as _site")
    if value.startswith(("/", "~")) or ".." in parts:
        return (_("must be a folder inside the profile folder, such as _site (got {value}); "
                "to build elsewhere, pass --output").format(value=shown(value)))
    longest = max(parts, key=len)
    if len(longest) > _OUTPUT_NAME_MAX:
        return (_("has a folder name of {count} characters; at most {OUTPUT_NAME_MAX} fit (a file system "
                "allows {NAME_MAX} bytes a name, and the build writes '.<name>.profilegen-new-…' beside it)").format(count=len(longest), OUTPUT_NAME_MAX=_OUTPUT_NAME_MAX, NAME_MAX=NAME_MAX))
    return None


# The longest path the file system takes (Linux: 4,096 bytes, with the build's own files inside).
_PATH_MAX = 4096 - 512


def output_path_problem(path: Path) -> str | None:
    """What is wrong with ``path`` (--output) as a folder to build into, before the file system
    is asked anything about it (it would answer "File name too long"), or None."""
    import os

    for part in path.parts:
        if len(os.fsencode(part)) > _OUTPUT_NAME_MAX:
            return (_("has a folder name of {count} bytes; at most {OUTPUT_NAME_MAX} fit (a file "
                    "system allows {NAME_MAX} bytes a name, and the build writes '.<name>.profilegen-new-…' beside it)").format(count=len(os.fsencode(part)), OUTPUT_NAME_MAX=_OUTPUT_NAME_MAX, NAME_MAX=NAME_MAX))
    if len(os.fsencode(os.path.abspath(path))) > _PATH_MAX:
        return _("is a path of more than {PATH_MAX} bytes; choose a folder closer to the root").format(PATH_MAX=_PATH_MAX)
    return None


_FOLDER_NAME = rf"[A-Za-z0-9_][A-Za-z0-9_.-]{{0,{_OUTPUT_NAME_MAX - 1}}}"
OUTPUT_FOLDER = Format(
    N_("a folder inside the profile folder"), N_("folders inside the profile folder"), rf"(?:\./)?{_FOLDER_NAME}(?:/{_FOLDER_NAME})*/?",
    N_("named with letters, digits, '-', '_' and '.', such as _site or build/site"), explain=_explain_folder)
THEME_NAME = Format(N_("a theme name"), N_("theme names"), r"[A-Za-z0-9_][A-Za-z0-9_.-]*",
                    N_("('default', or the name of a folder under themes/, not a path)"), max_length=NAME_MAX,
                    too_long=f"a file system allows {NAME_MAX} bytes a name")


@dataclass(frozen=True, kw_only=True)
class Author:
    """Who the profile is about."""

    name: str = doc("Your name, as on the page, in search results and in the JSON-LD Person.")
    role: str | None = doc("Your role or profession, e.g. 'Omgevingsmanager'.", default=None)
    organisation: str | None = doc("Where you work now (optional).", default=None)
    location: str | None = doc("A city or region. Never a street address.", default=None)
    email: formatted(EMAIL) | None = doc("A public e-mail address, shown on purpose.", default=None)
    image: str | None = doc("A portrait under static/, e.g. 'images/me.jpg' (optional).", default=None)
    links: dict[str, formatted(LINK)] = doc(
        "Your profiles elsewhere, name: URL (linkedin, github, mastodon, …).",
        factory=dict,
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


# What `check` can report, by family and rule id (check/ and linkedin.py; tests/test_config.py
# holds this list to the ids their findings are made with): `check.ignore` names some of them.
RULE_IDS = {
    "privacy": ("phone", "iban", "national-id", "email", "address", "birthdate", "photo-location"),
    "tone": ("dismissive", "bragging"),
    "layers": ("empty", "missing", "no-future"),
    "content": ("placeholder",),
    "focus": ("off-topic",),
    "links": ("broken",),
    "a11y": ("image-alt",),
    "images": ("heavy",),
    "spelling": ("unknown",),
    "publish": ("layer-name", "placeholder-address", "note-date"),
    "i18n": ("untranslated",),
    "linkedin": ("about-too-long", "headline-only-title", "headline-too-long", "layer-empty", "post-too-long"),
}
_EVERY_RULE = [*RULE_IDS, *(f"{family}.{name}" for family, names in RULE_IDS.items() for name in names)]


def _explain_rule(value: str) -> str | None:
    from profilegen.errors import did_you_mean

    return (_("must be a rule id or a family of rules {example} (got {value})"
            "{did_you_mean}").format(example=RULE.example, value=shown(value), did_you_mean=did_you_mean(value, _EVERY_RULE)))


RULE = Format(N_("a rule id or family"), N_("rule ids or families"),
              # (not re.escape: "\\-" is no escape in an editor's JavaScript with the u flag)
              "|".join(rule.replace(".", "\\.") for rule in sorted(_EVERY_RULE, key=len, reverse=True)),
              N_("such as 'focus.off-topic' or 'tone', as `check` names them"), explain=_explain_rule)


@dataclass(frozen=True, kw_only=True)
class CheckSettings:
    """Settings for `profilegen check`."""

    ignore: list[formatted(RULE)] = doc("Rule ids to skip everywhere, e.g. 'focus.off-topic', or a family of "
                                        "them, e.g. 'tone'.", factory=list)
    allow_emails: list[formatted(EMAIL)] = doc("E-mail addresses that may appear in content.", factory=list)
    words: dict[formatted(LANGUAGE), list[str]] = doc("Extra dismissive words or phrases to flag, per language: "
                                      "{nl: [...], en: [...]}.", factory=dict)
    words_known: list[str] = doc("Words the spelling check knows besides its dictionaries: names, places, your "
                                 "jargon ('profilegen check --learn WORD' adds to it).", factory=list)
    spelling: bool = doc("Check spelling in every build too (`profilegen check` always does; it loads a "
                         "dictionary, about a second the first time).", default=False)


@dataclass(frozen=True, kw_only=True)
class NotesSettings:
    """How notes are listed."""

    per_page: whole(1) = doc("Notes per page on /notes/ and on each topic page.", default=20)
    feed_size: whole(1) = doc("How many of the latest notes the Atom feed holds.", default=20)
    words_per_minute: whole(1) = doc("Reading speed for the 'minutes to read' of a note.", default=200)


# The layers of a profile (content.LAYERS, written out here: config is read before content).
_LAYER_NAMES = ("stand", "drives", "expertise", "experience", "insights", "vision", "future", "network")
LAYER = Format(N_("a layer name"), N_("layer names"), "|".join(_LAYER_NAMES), "(" + ", ".join(_LAYER_NAMES) + ")")


@dataclass(frozen=True, kw_only=True)
class CvSettings:
    """The CV as a PDF (cv.pdf, and <language>/cv.pdf), made from the same profile."""

    enabled: bool = doc("Write cv.pdf with every build and link it from the home page.", default=True)
    layers: list[formatted(LAYER)] = doc(
        "The layers on the CV, in this order.",
        factory=lambda: ["stand", "experience", "expertise", "drives", "vision", "future"])
    full: list[formatted(LAYER)] = doc("Of those, the layers shown with their whole text; the others "
                                       "show their summary.", factory=lambda: ["experience", "expertise"])
    paper: Literal["a4", "letter"] = doc("The paper size: a4 or letter (US Letter).", default="a4")
    photo: bool = doc("Show your portrait (author.image) on the CV.", default=True)


@dataclass(frozen=True, kw_only=True)
class ImageSettings:
    """How photos under static/ are published."""

    publish_as_is: list[str] = doc(
        "Photos under static/ to publish byte for byte, with everything they record (EXIF, GPS, XMP): "
        "paths or patterns such as 'images/pers/*'. Every other JPEG, PNG and WebP is published "
        "without it.", factory=list, examples=[["images/pers/*", "images/logo.png"]])


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
    base_url: formatted(WEB_ADDRESS) = doc(
        "The public address of the site, e.g. https://you.github.io/profiel/ (its path is kept in every link).",
        examples=["https://you.github.io/profiel/"],
    )
    description: str | None = doc("A one-sentence description for search engines (optional; "
                                  "defaults to the summary of what you stand for).", default=None)
    language: formatted(LANGUAGE) = doc("The main language of the site, served at the root, e.g. 'nl' or 'en'.",
                                        default="nl")
    languages: list[formatted(LANGUAGE)] = doc("Other languages, each served under /<code>/ from "
                                               "content/<code>/, e.g. [en].", factory=list)
    i18n: dict[formatted(LANGUAGE), LanguageOverrides] = doc("Per other language: title, description, author role, "
                                             "topics and linkedin texts in that language.", factory=dict)
    theme: formatted(THEME_NAME) = doc("The theme: 'default', or a folder of your own under themes/.",
                                       default="default")
    author: Author = doc("Who the profile is about.")
    topics: list[str] = doc("The themes that are yours; notes are grouped by them.", factory=list)
    linkedin: LinkedIn = doc("Settings for the LinkedIn text.", factory=LinkedIn)
    notes: NotesSettings = doc("How notes are listed.", factory=NotesSettings)
    markdown: MarkdownSettings = doc("How Markdown is turned into HTML.", factory=MarkdownSettings)
    check: CheckSettings = doc("Settings for `profilegen check`.", factory=CheckSettings)
    images: ImageSettings = doc("How photos under static/ are published.", factory=ImageSettings)
    cv: CvSettings = doc("The CV as a PDF, made from the same profile.", factory=CvSettings)
    output: formatted(OUTPUT_FOLDER) = doc("The folder the site is built into, inside the source folder.",
                                           default="_site")

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
        # A sentence in the main language reads worse on this language's pages than none: the
        # call to action and the description are this language's own or left out (the
        # description then comes from this language's 'stand' layer; see Profile.description).
        # Names and short labels (title, role, topics) fall back to the main language's.
        # check's i18n.untranslated names each one that is missing.
        linkedin = dataclasses.replace(self.linkedin, call_to_action=None)
        if extra.linkedin:
            linkedin = dataclasses.replace(linkedin, **{k: v for k, v in vars(extra.linkedin).items()
                                                        if v is not None})
        # `language` becomes the page language; the main one stays known through `languages`.
        return dataclasses.replace(
            self, language=code, languages=[self.language, *[c for c in self.languages if c != code]],
            title=extra.title or self.title, description=extra.description,
            author=author, linkedin=linkedin, topics=list(extra.topics) if extra.topics is not None else self.topics)


def load_settings(source: Path, *, base_url: str | None = None) -> Settings:
    """Read and validate site.yaml in ``source``; ``base_url`` (--base-url) overrides the file's value."""
    if base_url is not None:  # (a usage error, before the file: the command line is wrong either way)
        message = WEB_ADDRESS.problem(base_url)
        if message:
            raise UsageError(Problem("--base-url", None, None, message))
    path = source / SETTINGS_FILE
    if not path.is_file():
        raise UserError(Problem(SETTINGS_FILE, None, None,
                                _("no {SETTINGS_FILE} in {source} "
                                "(run 'profilegen init' to start a profile, or pass --source)").format(SETTINGS_FILE=SETTINGS_FILE, source=source.resolve())))
    settings = settings_from_text(read_text(path, SETTINGS_FILE))
    if base_url is not None:
        settings = _replace(settings, base_url=base_url)
    return settings


def settings_from_text(text: str, shown_as: str = SETTINGS_FILE) -> Settings:
    """Settings from the text of a site.yaml: every value against its type, then the rules
    between fields (which JSON Schema cannot say: i18n is for languages in `languages`)."""
    document = YamlDocument(text, shown_as)
    try:
        settings = load(document, Settings, empty_ok=False)
        _check_languages(settings, document)
        _check_cv(settings, document)
    finally:
        document.dispose()
    return settings


def _check_languages(settings: Settings, document: YamlDocument) -> None:
    """Cross-field rules: i18n only for configured languages, topics lists of equal length."""
    problems = []
    others = set(settings.languages) - {settings.language}
    for code, overrides in settings.i18n.items():
        node = document.find(["i18n", code], key=True)
        if code not in others:
            where = (_("it is the main language; set its texts at the top level") if code == settings.language
                     else _("add it to 'languages' first (languages: [{value}])").format(value=', '.join([*sorted(others), code])))
            problems.append(document.problem(node, _("'i18n.{code}' is not another language of this site: {where}").format(code=code, where=where)))
        elif overrides.topics is not None and len(overrides.topics) != len(settings.topics):
            problems.append(document.problem(document.find(["i18n", code, "topics"]),
                                             _("'i18n.{code}.topics' must have as many topics as 'topics' "
                                             "({count}), in the same order, so notes can be "
                                             "matched to their topic in both languages").format(code=code, count=len(settings.topics))))
    if problems:
        raise UserError(problems)


def _check_cv(settings: Settings, document: YamlDocument) -> None:
    """Cross-field rules of `cv`: a layer shown in full is one of its layers, each named once."""
    from yaml import MappingNode, SequenceNode

    def item(key: str, index: int):
        node = document.find(["cv", key])
        return node.value[index] if isinstance(node, SequenceNode) and index < len(node.value) else node

    problems = []
    for key in ("layers", "full"):
        names = getattr(settings.cv, key)
        for index, name in enumerate(names):
            if name in names[:index]:
                problems.append(document.problem(item(key, index), _("'cv.{key}[{index}]' names '{name}' a second time").format(key=key, index=index, name=name)))
    cv = document.find(["cv"])  # (the default of `full` names layers a user may have left out: not checked)
    written = isinstance(cv, MappingNode) and any(getattr(k, "value", None) == "full" for k, _ in cv.value)
    for index, name in enumerate(settings.cv.full if written else ()):
        if name not in settings.cv.layers:
            problems.append(document.problem(item("full", index),
                                             _("'cv.full[{index}]' is '{name}', which is not in 'cv.layers'; "
                                             "add it there to show it on the CV").format(index=index, name=name)))
    if problems:
        raise UserError(problems)


def portrait_problems(settings: Settings, static: frozenset[str]) -> list[Problem]:
    """A warning for each `author.image` (and i18n.<lang>.author.image) that is not a file under
    static/: the page would show a broken picture. (``static``: the paths of static/'s files.)"""
    import posixpath

    images = {"author.image": settings.author.image}
    for code, extra in settings.i18n.items():
        if extra and extra.author and getattr(extra.author, "image", None) is not None:
            images[f"i18n.{code}.author.image"] = extra.author.image  # (if a language may have its own)
    problems = []
    for key, image in images.items():
        if not image:
            continue
        path = posixpath.normpath(image.removeprefix("static/").lstrip("/"))
        if path.startswith("../") or path == ".." or path not in static:
            where = _("is outside static/") if path.startswith("..") or "://" in image else _("is not a file in static/")
            problems.append(Problem(SETTINGS_FILE, None, None, _("'{key}' ({image}) {where}, so the portrait "
                                    "would not show; put the picture in static/ and give its path there, such as "
                                    "images/me.jpg").format(key=key, image=shown(image), where=where), "warning"))
    return problems


def _replace(settings: Settings, **changes) -> Settings:
    import dataclasses

    return dataclasses.replace(settings, **changes)


def read_text(path: Path, shown_as: str) -> str:
    """A UTF-8 file as text, BOM dropped and line ends normalised; bad bytes are a located error."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(Problem(shown_as, None, None, _("cannot read the file: {strerror}").format(strerror=exc.strerror))) from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        start = exc.start
        line = data.count(b"\n", 0, start) + 1
        column = start - (data.rfind(b"\n", 0, start) + 1) + 1
        raise UserError(Problem(shown_as, line, column, _not_utf8(data))) from None
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


def _not_utf8(data: bytes) -> str:
    """What to say of bytes that are not UTF-8, with a plausible guess of what they are.

    Windows-1252 ("ANSI" in Windows editors) and Latin-1 agree on 0xA0-0xFF; Windows-1252 puts
    curly quotes, dashes and the euro sign in 0x80-0x9F, where Latin-1 has invisible control
    codes that no one types, and leaves five of those bytes unused. So: Windows-1252 when the
    bytes decode as it, else Latin-1. Every other byte sequence (UTF-16, a binary file) has NULs.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")) or data[:200].count(b"\x00") > len(data[:200]) // 4:
        guess = "UTF-16"
    elif b"\x00" in data:
        return (_("this file is not text (it holds NUL bytes, as images and other binary files do); a "
                "content file must be text saved as UTF-8"))
    else:
        try:
            data.decode("cp1252")
            guess = "Windows-1252"
        except UnicodeDecodeError:
            guess = "Latin-1"
    return (_("this file is not saved as UTF-8 (it looks like {guess}); in your editor choose "
            "Save with encoding → UTF-8").format(guess=guess))
