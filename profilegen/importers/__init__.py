"""Start a profile from what you already have: a LinkedIn data export or a JSON Resume.

Both importers turn their input into one shape, a JSON Resume document (the neutral format),
with the private fields already left out; write_profile() then writes a complete profile
from it on top of init's scaffold, so the layers neither format asks about keep their
guiding questions. Structured data goes to front matter `extra` as well as to the page, so
`profilegen export jsonresume` can give it back.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from profilegen.errors import Problem, UserError

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


def _yaml_string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a valid YAML scalar


def _front(fields: dict) -> str:
    lines = ["---"]
    for key, value in fields.items():
        if value is None or value == [] or value == {}:
            continue
        if key == "extra":
            lines.append("extra: " + json.dumps(value, ensure_ascii=False))
        elif isinstance(value, list):
            lines.append(f"{key}: [" + ", ".join(_yaml_string(str(v)) for v in value) + "]")
        else:
            lines.append(f"{key}: {_yaml_string(str(value))}")
    lines.append("---")
    return "\n".join(lines) + "\n"


def _period(item: dict, words: dict) -> str:
    start, end = item.get("startDate"), item.get("endDate")
    if start and end:
        return f"{start} – {end}"
    if start:
        return f"{start} – {words['now']}"
    return end or ""


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
                title = " ".join(filter(None, [item.get("studyType"), item.get("area")])) or item.get("institution", "")
                place = item.get("institution") if title != item.get("institution") else ""
            else:
                title, place = item.get(what) or item.get("name") or "", item.get(where) if where else ""
            heading = " — ".join(filter(None, [_md_escape(title), _md_escape(place or "")]))
            parts.append(f"### {heading}" if heading else "###")
            when = _period(item, words) or item.get("date") or item.get("releaseDate") or ""
            if when:
                parts.append(f"*{when}*")
            text = item.get("summary") or item.get("description") or ""
            if text:
                parts.append(paragraphs(text))
            if item.get("highlights"):
                parts.append("\n".join(f"- {_md_escape(h)}" for h in item["highlights"]))
            if item.get("url"):
                parts.append(f"<{item['url']}>")
    return "\n\n".join(parts) + "\n"


def _expertise_body(resume: dict, words: dict) -> str:
    parts = []
    skills = resume.get("skills") or []
    if skills:
        parts.append(f"## {words['skills']}")
        parts.append("\n".join("- " + _md_escape(s.get("name", "")) + (f": {', '.join(s['keywords'])}"
                                                                         if s.get("keywords") else "")
                               for s in skills if s.get("name")))
    languages = resume.get("languages") or []
    if languages:
        parts.append(f"## {words['languages']}")
        parts.append("\n".join("- " + _md_escape(l.get("language", "")) + (f" ({l['fluency']})" if l.get("fluency") else "")
                               for l in languages if l.get("language")))
    return "\n\n".join(parts) + "\n"


def _site_yaml(template: str, resume: dict, topics: list[str]) -> str:
    basics = resume.get("basics") or {}
    name = basics.get("name") or "Jouw Naam"
    role = basics.get("label") or ""
    city = (basics.get("location") or {}).get("city") or ""
    links = {}
    for profile in basics.get("profiles") or []:
        if profile.get("url", "").startswith(("http://", "https://")):
            key = re.sub(r"[^a-z0-9]+", "-", (profile.get("network") or "link").lower()).strip("-") or "link"
            links[key] = profile["url"]
    if str(basics.get("url", "")).startswith(("http://", "https://")):
        links.setdefault("website", basics["url"])
    text = template
    text = re.sub(r'(?m)^title: .*$', f"title: {_yaml_string(name + (' — ' + role if role else ''))}", text)
    text = re.sub(r'(?m)^  name: .*$', f"  name: {_yaml_string(name)}", text)
    text = re.sub(r'(?m)^  role: .*$', f"  role: {_yaml_string(role)}" if role else "  # role: Jouw rol", text)
    text = re.sub(r'(?m)^  location: .*$', f"  location: {_yaml_string(city)}" if city else "  # location: —", text)
    link_lines = "".join(f"    {key}: {_yaml_string(url)}\n" for key, url in links.items())
    text = re.sub(r"(?m)^  links:\n(    .*\n)+", ("  links:\n" + link_lines) if links else "", text)
    if topics:
        text = re.sub(r"(?m)^topics: .*$", "topics: [" + ", ".join(_yaml_string(t) for t in topics) + "]", text)
    return text


def write_profile(result: ImportResult, directory: Path, *, language: str = "nl") -> list[str]:
    """A complete profile from a JSON Resume document; refuses a folder that is not empty."""
    from profilegen.scaffold import create_profile

    resume = result.resume
    words = WORDS.get(language, WORDS["en"])
    written = create_profile(directory, language=language)
    content = directory / "content"
    skills = [s["name"] for s in resume.get("skills") or [] if s.get("name")]
    topics = [s.lower() for s in skills[:3]]
    settings = directory / "site.yaml"
    settings.write_text(_site_yaml(settings.read_text("utf-8"), resume, topics), "utf-8")
    # The scaffold's example note is about the scaffold's topics; the imported ones replace them.
    if topics:
        for note in (content / "notes").glob("*.md"):
            text = note.read_text("utf-8")
            note.write_text(re.sub(r"(?m)^tags: .*$", f"tags: [{_yaml_string(topics[0])}]", text), "utf-8")

    extra_experience = {key: resume[key] for key in ("work", "volunteer", "education", "certificates", "projects",
                                                     "awards", "publications") if resume.get(key)}
    if extra_experience:
        work = resume.get("work") or []
        summary = words["experience_summary"]
        if work:
            first = work[0]
            summary = " ".join(filter(None, [first.get("position"), "—" if first.get("name") else "", first.get("name")]))
        (content / "experience.md").write_text(
            _front({"summary": summary, "extra": extra_experience}) + "\n" + _experience_body(resume, words), "utf-8")
    if resume.get("skills") or resume.get("languages"):
        extra = {key: resume[key] for key in ("skills", "languages") if resume.get(key)}
        summary = words["expertise_summary"].format(skills=", ".join(skills[:5])) if skills else None
        (content / "expertise.md").write_text(_front({"summary": summary, "extra": extra}) + "\n"
                                              + _expertise_body(resume, words), "utf-8")
    about = (resume.get("basics") or {}).get("summary")
    if about:
        (content / "stand.md").write_text(
            _front({"summary": words["stand_summary"]}) + PLACEHOLDER + "\n" + paragraphs(about) + "\n", "utf-8")
    return written


def refuse_non_empty(directory: Path) -> None:
    """Like init: never write into a folder that has something in it (checked before reading input)."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UserError(Problem(str(directory), None, None, "the folder is not empty; import only writes into an "
                                "empty or new folder, so nothing of yours is overwritten"))
