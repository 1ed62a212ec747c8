"""/_profilegen/: the LinkedIn text with copy buttons, the check findings, how each page looks when
shared (serve/previews.py), which layers are filled.

Everything comes from the builder's last good model (the same Profile the site was rendered
from); nothing is read from disk again. The page is a Jinja template (dashboard/), autoescaped.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from profilegen.content import LAYERS
from profilegen.messages import N_

TEMPLATES = Path(__file__).parent / "dashboard"


@lru_cache(maxsize=1)
def _template():
    import jinja2

    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), trim_blocks=True, lstrip_blocks=True,
                                     autoescape=jinja2.select_autoescape(["html"]), undefined=jinja2.StrictUndefined)
    from profilegen import messages

    # Labels through the catalogue: {{ _("Headline") }}; the layer states are N_() below.
    environment.globals.update(_=messages._, ngettext=messages.ngettext)
    return environment.get_template("dashboard.html")


LAYER_STATES = (N_("missing"), N_("example text"), N_("empty"), N_("filled"))  # (shown as _(state))


def layer_state(page) -> str:
    """How far a layer is: missing, still example text, empty or filled."""
    from profilegen.model import is_empty

    if page is None:
        return "missing"
    if page.is_placeholder:
        return "example text"  # init's guiding text is still there
    return "empty" if is_empty(page) else "filled"


def dashboard_page(loaded, error: str | None, language: str | None = None, memo: dict | None = None) -> str:
    """The dashboard for ``language`` (default: the main one) of the last good build."""
    from profilegen.messages import language as ui_language

    context = {"ui_language": ui_language(), "title": "profilegen", "error": error, "text": None, "languages": (), "language": None, "cv_url": None}
    if loaded is not None:
        from profilegen.check import run_check
        from profilegen.linkedin import about_renderer, linkedin_text
        from profilegen.serve.previews import share_previews

        code = language if language in loaded.profiles else loaded.settings.language
        profile = loaded.profiles[code]
        text = linkedin_text(profile, about_renderer(loaded.theme, loaded.source))
        from profilegen.check.spelling import unknown_words

        findings = run_check(loaded, memo=memo).findings
        context.update(
            title=f"profilegen · {profile.author.name}", languages=list(loaded.profiles), language=code,
            text=text, after_fold=text.about.text[len(text.about.fold):],
            findings=findings, unknown_words=unknown_words(findings),
            cv_url=loaded.settings.base_path + profile.home_url + "cv.pdf" if loaded.settings.cv.enabled else None,
            layers=[(name, layer_state(profile.layer(name))) for name in LAYERS],
            shares=share_previews(profile, loaded.settings.base_path))
    return _template().render(context)
