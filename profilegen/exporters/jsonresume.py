"""The Profile as a JSON Resume document (https://jsonresume.org/schema), for its ecosystem.

Structured parts come from the front matter `extra` that the importers write (work,
education, skills, …); notes become publications; the layers JSON Resume has no field for
(drives, vision, future, …) go into basics.summary and `meta.profilegen`.
"""

from __future__ import annotations

import datetime as dt

from profilegen import __version__
from profilegen.content import LAYERS
from profilegen.model import Profile

SCHEMA = "https://raw.githubusercontent.com/jsonresume/resume-schema/v1.0.0/schema.json"
NETWORKS = {"linkedin": "LinkedIn", "github": "GitHub", "gitlab": "GitLab", "x": "X", "twitter": "X",
            "youtube": "YouTube"}
SECTIONS = {"experience": ("work", "volunteer", "education", "certificates", "projects", "awards", "publications"),
            "expertise": ("skills", "languages")}


def to_json_resume(profile: Profile) -> dict:
    author, settings = profile.author, profile.settings
    home = settings.site_url + profile.home_url
    basics: dict = {"name": author.name, "url": home}
    if author.role:
        basics["label"] = author.role
    if author.email:
        basics["email"] = author.email
    if author.image:
        basics["image"] = settings.site_url + author.image
    stand = profile.layer("stand")
    summary = [p.summary for p in (stand, profile.layer("drives"), profile.layer("future")) if p and p.summary
               and not p.is_placeholder]
    if summary:
        basics["summary"] = " ".join(summary)
    if author.location:
        basics["location"] = {"city": author.location}
    basics["profiles"] = [{"network": NETWORKS.get(name, name.capitalize()), "url": url}
                          for name, url in author.links.items()]
    resume: dict = {"$schema": SCHEMA, "basics": basics}
    for layer, keys in SECTIONS.items():
        page = profile.layer(layer)
        extra = page.extra if page else {}
        for key in keys:
            if isinstance(extra.get(key), list) and extra[key]:
                resume[key] = extra[key]
    if author.organisation and not resume.get("work"):
        resume["work"] = [{"name": author.organisation, **({"position": author.role} if author.role else {})}]
    notes = [{"name": note.title, "publisher": settings.title, "releaseDate": note.date.isoformat(),
              "url": settings.site_url + note.url, **({"summary": note.summary} if note.summary else {})}
             for note in profile.notes]
    if notes:
        resume["publications"] = [*resume.get("publications", []), *notes]
    if profile.topics and not resume.get("interests"):
        resume["interests"] = [{"name": topic} for topic in profile.topics]
    layers = {name: {"title": page.title, "summary": page.summary, "url": settings.site_url + page.url}
              for name in LAYERS if (page := profile.layer(name)) and not page.is_placeholder}
    lastmod = max((p.lastmod for p in profile.all_pages if p.lastmod), default=None)
    resume["meta"] = {"canonical": home, "version": "v1.0.0",
                      **({"lastModified": dt.datetime.combine(lastmod, dt.time()).isoformat()} if lastmod else {}),
                      "profilegen": {"version": __version__, "language": profile.language, "layers": layers}}
    return resume
