"""layers.*: a profile is more than a CV; say which layer is missing or still init's example."""

from __future__ import annotations

from typing import Iterator

from profilegen.check import WARNING, Finding, rule
from profilegen.content import LAYERS
from profilegen.model import Profile, is_empty
from profilegen.messages import _

OPTIONAL = {"network"}


@rule("layers", per="profile")
def layers(profile: Profile) -> Iterator[Finding]:
    root = f"content/{profile.home_url}"
    for name in LAYERS:
        page = profile.layer(name)
        if name == "future":
            if is_empty(page):
                yield Finding(page.source if page else f"{root}future.md", 1 if page else None, None,
                              "layers.no-future", WARNING,
                              _("there are no future goals yet: you are also what you are going to do"),
                              _("write future.md: what you want to learn, experience, bring and change, "
                              "and what you need for it"))
            continue
        if page is None and name not in OPTIONAL:
            yield Finding(f"{root}{name}.md", None, None, "layers.missing", WARNING,
                          _("the layer '{name}' is missing, so the profile shows less than it could").format(name=name),
                          _("run 'profilegen init' in an empty folder to see a guiding {name}.md, and add yours").format(name=name))
        elif page is not None and is_empty(page) and not page.is_placeholder:  # (that is content.placeholder)
            yield Finding(page.source, page.body_line, 1, "layers.empty", WARNING,
                          _("'{name}' is still empty or the example text from init").format(name=name),
                          _("answer the questions in the file, then remove the placeholder line"))
