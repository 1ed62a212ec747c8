"""The Profile as a JSON Resume document (https://jsonresume.org/schema), for its ecosystem.

Structured parts come from the front matter `extra` that the importers write (work,
education, skills, …); notes become publications; the layers JSON Resume has no field for
(drives, vision, future, …) go into basics.summary and `meta.profilegen`.

`extra` is the user's own YAML: it is turned into JSON values here (dates as ISO text), and
refused, naming its file, where JSON cannot hold it or where it would grow the document past
MAX_EXTRA (YAML aliases can repeat a block many times over).
"""

from __future__ import annotations

import datetime as dt
import math

from profilegen import __version__
from profilegen.content import LAYERS
from profilegen.errors import Problem, UserError
from profilegen.model import Profile
from profilegen.messages import _

MAX_EXTRA = 2_000_000  # characters of JSON one page's `extra` may add (a resume's sections: a few KB)

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
        wanted = {key: extra[key] for key in keys if isinstance(extra.get(key), list) and extra[key]}
        if wanted:
            resume.update(_Json(page.source, MAX_EXTRA).value(wanted, "extra"))
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


class _Json:
    """YAML values as JSON values, with a budget of characters so shared (aliased) blocks
    cannot multiply the document; every refusal names the file and the key path."""

    def __init__(self, file: str, budget: int) -> None:
        self.file, self.left = file, budget

    def value(self, value, path: str, depth: int = 0):
        self._spend(path, 8)
        if depth > 64:
            self._refuse(path, _("is nested more than 64 levels deep"))
        if isinstance(value, str):
            if any("\ud800" <= ch <= "\udfff" for ch in value):
                self._refuse(path, _("holds half a character (a lone surrogate escape such as \\ud800)"))
            self._spend(path, len(value))
            return value
        if value is None or isinstance(value, bool):
            return value
        if isinstance(value, int):
            if value.bit_length() > 64:
                self._refuse(path, _("is a number too large for JSON Resume tools to keep; write it as text"))
            return value
        if isinstance(value, float):
            if not math.isfinite(value):
                self._refuse(path, _("is {value}, which JSON cannot hold; write it as text").format(value=value))
            return value
        if isinstance(value, (dt.date, dt.datetime)):
            return value.isoformat()
        if isinstance(value, (list, tuple)):
            return [self.value(item, f"{path}[{i}]", depth + 1) for i, item in enumerate(value)]
        if isinstance(value, dict):
            out = {}
            for key, item in value.items():
                name = key if isinstance(key, str) else self.value(key, f"{path} (a key)", depth + 1)
                out[str(name)] = self.value(item, f"{path}.{name}", depth + 1)
            return out
        self._refuse(path, _("is a {kind}, which JSON cannot hold").format(kind=type(value).__name__))

    def _spend(self, path: str, size: int) -> None:
        self.left -= size
        if self.left < 0:
            self._refuse(path, _("takes 'extra' past {value} MB of JSON, far more than a resume "
                               "holds (a YAML alias, *name, repeats its block each time it is used)").format(value=MAX_EXTRA // 1000000))

    def _refuse(self, path: str, message: str):
        raise UserError(Problem(self.file, None, None, _("front matter '{path}' {message}; nothing was exported").format(path=path, message=message)))
