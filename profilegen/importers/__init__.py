"""Start a profile from what you already have: a LinkedIn data export or a JSON Resume.

Both importers turn their input into one shape, a JSON Resume document (the neutral format),
with the private fields already left out and every text cleaned of control characters;
write_profile() then writes a complete profile from it on top of init's scaffold, so the
layers neither format asks about keep their guiding questions. Structured data goes to front
matter `extra` as well as to the page, so `profilegen export jsonresume` can give it back.

Everything is written into a hidden folder that becomes the profile only when it is complete
and loads (scaffold.staged_folder); text goes into YAML through the YAML library only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from profilegen.errors import Problem
from profilegen.scaffold import yaml_lines, yaml_text
from profilegen.messages import _, ngettext

PLACEHOLDER = "<!-- profilegen: placeholder (imported: rewrite this, then remove this line) -->"

WORDS = {
    "nl": {"work": "Werk", "education": "Opleiding", "certificates": "Certificaten", "projects": "Projecten",
           "awards": "Onderscheidingen", "publications": "Publicaties", "skills": "Vaardigheden",
           "languages": "Talen", "now": "nu", "volunteer": "Vrijwilligerswerk",
           "experience_summary": "Mijn werkervaring en opleiding.",
           "expertise_summary": "Waar ik goed in ben: {skills}.",
           "stand_summary": "Een eerste versie, uit mijn samenvatting: herschrijf wat je openlijk verklaart."},
    "en": {"work": "Work", "education": "Education", "certificates": "Certificates", "projects": "Projects",
           "awards": "Awards", "publications": "Publications", "skills": "Skills", "languages": "Languages",
           "now": "now", "volunteer": "Volunteering",
           "experience_summary": "My work experience and education.",
           "expertise_summary": "What I am good at: {skills}.",
           "stand_summary": "A first draft, from my summary: rewrite it as what you declare openly."},
}


@dataclass
class ImportResult:
    resume: dict
    left_out: list[str] = field(default_factory=list)  # "Address (Profile.csv): private" lines
    warnings: list[Problem] = field(default_factory=list)  # what was changed or dropped on the way in


# Invisible characters no text of a profile may hold (the settings and front matter refuse
# them, XML cannot carry them): C0 controls but tab and newline, DEL, C1 controls. A carriage
# return and NEL end a line; the others are removed.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def clean_text(text: str) -> tuple[str, int]:
    """``text`` without control characters (line ends made \\n), and how many were removed."""
    if not _CONTROL.search(text):
        return text, 0
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\x85", "\n")
    cleaned = _CONTROL.sub("", text)
    return cleaned, len(text) - len(cleaned)


def control_warning(shown: str, where: str, removed: int) -> Problem:
    return Problem(shown, None, None, ngettext("{where}: removed {removed} invisible control character (a profile cannot publish them)",
                                               "{where}: removed {removed} invisible control characters (a profile cannot publish them)",
                                               removed).format(where=where, removed=removed), "warning")


# A web address profilegen can link to, as site.yaml takes it (ASCII host and path; the query
# and fragment, mostly tracking codes, are dropped before this is matched).
_WEB = re.compile(r"https?://[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*(?::[0-9]{1,5})?(?:/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*)?")


def web_address(url) -> str | None:
    """``url`` as a link for site.yaml (without ?query or #fragment), or None if it is not one."""
    if not isinstance(url, str):
        return None
    url = re.split(r"[?#]", url.strip(), maxsplit=1)[0]
    return url if len(url) <= 2000 and _WEB.fullmatch(url) else None


def keep_usable_links(resume: dict, shown: str, warnings: list[Problem], where: str = "basics.profiles") -> None:
    """Drop the profiles whose address site.yaml could not hold, each with a warning."""
    basics = resume.get("basics") or {}
    if not basics.get("profiles"):
        return
    kept = []
    for index, profile in enumerate(basics["profiles"]):
        if web_address(profile.get("url")):
            kept.append(profile)
        elif profile.get("url"):
            warnings.append(Problem(shown, None, None, _("{where}[{index}]: {short} is not a web "
                                    "address starting with https://; left out of author.links").format(where=where, index=index, short=_short(profile['url'])), "warning"))
    basics["profiles"] = kept


def _short(text: str, limit: int = 60) -> str:
    return repr(text if len(text) <= limit else text[:limit] + "…")


def _line(text) -> str:
    """A text for one line (a name, a heading): its whitespace, line ends included, as single spaces."""
    return " ".join(str(text or "").split())


def _front(fields: dict) -> str:
    """Front matter: texts as quoted scalars, `extra` as block YAML, all escaped by the YAML library."""
    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == [] or value == {}:
            continue
        if key == "extra":
            lines.append(yaml_lines({"extra": value}).rstrip("\n"))
        else:
            lines.append(f"{key}: {yaml_text(value)}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _period(item: dict, words: dict) -> str:
    start, end = _line(item.get("startDate")), _line(item.get("endDate"))
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"{start} – {words['now']}"
    return end


def paragraphs(text: str) -> str:
    """A multi-line description as Markdown: lines starting with - • * become a list."""
    out, lines = [], [line.strip() for line in (text or "").replace("\r\n", "\n").split("\n")]
    for line in lines:
        bullet = re.match(r"^[-•*·▪–]\s*(.+)$", line)
        if bullet:
            if out and out[-1] != "" and not out[-1].startswith("- "):
                out.append("")
            out.append("- " + _md_escape(bullet.group(1)))
        elif line:
            if out and out[-1].startswith("- "):
                out.append("")
            out.append(_md_escape(line))
            out.append("")
        elif out and out[-1] != "":
            out.append("")
    return "\n".join(out).strip()


def _md_escape(text: str) -> str:
    """Imported text is text: keep it from turning into HTML or headings by accident."""
    text = text.replace("<", "&lt;")
    return re.sub(r"^(#+|>|\d+\.)(\s)", r"\\\1\2", text)


def _autolink(url) -> str:
    """``<url>`` for a web address, else nothing (an autolink holds no space, '<' or '>')."""
    return f"<{url}>" if isinstance(url, str) and re.fullmatch(r"https?://[^\s<>]+", url) else ""


def _experience_body(resume: dict, words: dict) -> str:
    parts = []
    sections = (("work", "work", "position", "name"), ("volunteer", "volunteer", "position", "organization"),
                ("education", "education", "studyType", "institution"),
                ("certificates", "certificates", "name", "issuer"), ("projects", "projects", "name", None),
                ("awards", "awards", "title", "awarder"), ("publications", "publications", "name", "publisher"))
    for key, label, what, where in sections:
        items = resume.get(key) or []
        if not items:
            continue
        parts.append(f"## {words[label]}")
        for item in items:
            if key == "education":
                institution = _line(item.get("institution"))
                title = _line(" ".join(filter(None, [item.get("studyType"), item.get("area")]))) or institution
                place = institution if title != institution else ""
            else:
                title, place = _line(item.get(what) or item.get("name")), _line(item.get(where)) if where else ""
            heading = " — ".join(filter(None, [_md_escape(title), _md_escape(place)]))
            parts.append(f"### {heading}" if heading else "###")
            when = _period(item, words) or _line(item.get("date") or item.get("releaseDate"))
            if when:
                parts.append("*" + _md_escape(when).replace("*", "\\*") + "*")
            text = item.get("summary") or item.get("description") or ""
            if paragraphs(text):
                parts.append(paragraphs(text))
            highlights = [_md_escape(_line(h)) for h in item.get("highlights") or [] if _line(h)]
            if highlights:
                parts.append("\n".join(f"- {h}" for h in highlights))
            if _autolink(item.get("url")):
                parts.append(_autolink(item["url"]))
    return "\n\n".join(parts) + "\n"


def _expertise_body(resume: dict, words: dict) -> str:
    parts = []
    skills = [s for s in resume.get("skills") or [] if _line(s.get("name"))]
    if skills:
        parts.append(f"## {words['skills']}")
        parts.append("\n".join("- " + _md_escape(_line(s["name"]))
                               + (": " + _md_escape(", ".join(filter(None, map(_line, s["keywords"]))))
                                  if s.get("keywords") else "")
                               for s in skills))
    languages = [lang for lang in resume.get("languages") or [] if _line(lang.get("language"))]
    if languages:
        parts.append(f"## {words['languages']}")
        parts.append("\n".join("- " + _md_escape(_line(lang["language"]))
                               + (f" ({_md_escape(_line(lang['fluency']))})" if _line(lang.get("fluency")) else "")
                               for lang in languages))
    return "\n\n".join(parts) + "\n"


def _set_line(text: str, start: str, new: str | None) -> str:
    """``text`` with its one line that starts with ``start`` replaced by ``new`` (None: removed).

    A plain line edit, not re.sub: the new line holds the user's text, already escaped by the
    YAML library, and a replacement pattern would read its backslashes once more.
    """
    lines = text.split("\n")
    found = [i for i, line in enumerate(lines) if line.startswith(start)]
    if len(found) != 1:
        raise RuntimeError(f"the scaffold's file has {len(found)} lines starting with {start!r}, not one")
    lines[found[0]:found[0] + 1] = [] if new is None else [new]
    return "\n".join(lines)


def _set_block(text: str, start: str, new: list[str]) -> str:
    """``text`` with the line ``start`` and the more indented lines after it replaced by ``new``."""
    lines = text.split("\n")
    first = lines.index(start)
    indent = " " * (len(start) - len(start.lstrip()) + 2)
    end = first + 1
    while end < len(lines) and lines[end].startswith(indent):
        end += 1
    lines[first:end] = new
    return "\n".join(lines)


def site_links(resume: dict) -> dict[str, str]:
    """author.links from basics.profiles and basics.url: only addresses site.yaml can hold."""
    basics = resume.get("basics") or {}
    links: dict[str, str] = {}
    for profile in basics.get("profiles") or []:
        url = web_address(profile.get("url"))
        if url:
            key = re.sub(r"[^a-z0-9]+", "-", _line(profile.get("network") or "link").lower()).strip("-")[:40]
            links.setdefault(key or "link", url)
    if web_address(basics.get("url")):
        links.setdefault("website", web_address(basics["url"]))
    return links


def _site_yaml(template: str, resume: dict, topics: list[str]) -> str:
    basics = resume.get("basics") or {}
    name = _line(basics.get("name")) or "Jouw Naam"
    role = _line(basics.get("label"))
    city = _line((basics.get("location") or {}).get("city"))
    links = site_links(resume)
    text = _set_line(template, "title: ", f"title: {yaml_text(name + (' — ' + role if role else ''))}")
    text = _set_line(text, "  name: ", f"  name: {yaml_text(name)}")
    text = _set_line(text, "  role: ", f"  role: {yaml_text(role)}" if role else "  # role: Jouw rol")
    text = _set_line(text, "  location: ", f"  location: {yaml_text(city)}" if city else "  # location: —")
    text = _set_block(text, "  links:", ["  links:", *(f"    {yaml_text(key)}: {yaml_text(url)}"
                                                      for key, url in links.items())] if links else [])
    if topics:
        text = _set_line(text, "topics: ", "topics: [" + ", ".join(map(yaml_text, topics)) + "]")
    return text


def _topics(skills: list[str]) -> list[str]:
    """Up to three skills as topics: each short, with a URL name of its own."""
    from profilegen.content import slugify

    topics, slugs = [], set()
    for skill in skills:
        topic, slug = _line(skill).lower(), slugify(skill)
        if slug and slug not in slugs and len(topic) <= 60:
            topics.append(topic)
            slugs.add(slug)
        if len(topics) == 3:
            break
    return topics


def write_profile(result: ImportResult, directory: Path, *, language: str = "nl") -> list[str]:
    """A complete profile from a JSON Resume document, written whole or not at all.

    The caller refuses a folder that is not empty (scaffold.refuse_non_empty) before it reads
    any input. What is written must load; if it does not, that is a bug in this importer, and
    nothing is kept.
    """
    from profilegen.scaffold import repo_name, staged_folder, write_scaffold

    with staged_folder(directory) as folder:
        written = write_scaffold(folder, language=language, repo=repo_name(directory))
        _fill(folder, result.resume, language)
        _verify(folder)
    return written


def _fill(folder: Path, resume: dict, language: str) -> None:
    words = WORDS.get(language, WORDS["en"])
    content = folder / "content"
    skills = [_line(s.get("name")) for s in resume.get("skills") or [] if _line(s.get("name"))]
    topics = _topics(skills)
    settings = folder / "site.yaml"
    settings.write_text(_site_yaml(settings.read_text("utf-8"), resume, topics), "utf-8")
    # The scaffold's example note is about the scaffold's topics; the imported ones replace them.
    if topics:
        for note in (content / "notes").glob("*.md"):
            note.write_text(_set_line(note.read_text("utf-8"), "tags: ", f"tags: [{yaml_text(topics[0])}]"), "utf-8")

    extra_experience = {key: resume[key] for key in ("work", "volunteer", "education", "certificates", "projects",
                                                     "awards", "publications") if resume.get(key)}
    if extra_experience:
        work = resume.get("work") or []
        summary = words["experience_summary"]
        if work:
            role = " — ".join(filter(None, [_line(work[0].get("position")), _line(work[0].get("name"))]))
            summary = role or summary
        (content / "experience.md").write_text(
            _front({"summary": summary, "extra": extra_experience}) + "\n" + _experience_body(resume, words), "utf-8")
    if resume.get("skills") or resume.get("languages"):
        extra = {key: resume[key] for key in ("skills", "languages") if resume.get(key)}
        summary = words["expertise_summary"].format(skills=", ".join(skills[:5])) if skills else None
        (content / "expertise.md").write_text(_front({"summary": summary, "extra": extra}) + "\n"
                                              + _expertise_body(resume, words), "utf-8")
    about = paragraphs((resume.get("basics") or {}).get("summary") or "")
    if about:
        (content / "stand.md").write_text(
            _front({"summary": words["stand_summary"]}) + PLACEHOLDER + "\n" + about + "\n", "utf-8")


def _verify(folder: Path) -> None:
    """The written settings and front matter load, as every later command will read them."""
    from profilegen.config import load_settings
    from profilegen.content import parse_document
    from profilegen.errors import UserError

    try:
        load_settings(folder)
        for path in sorted((folder / "content").rglob("*.md")):
            parse_document(path.read_text("utf-8"), path.relative_to(folder).as_posix())
    except UserError as exc:
        raise RuntimeError(f"the imported profile would not load ({exc}); nothing was written") from None
