"""The build pipeline, stage after stage: load -> model -> render -> write."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from profilegen.config import Settings, load_settings
from profilegen.content import DocumentCache, load_documents
from profilegen.errors import Problem, UserError
from profilegen.model import Profile, build_profile, split_languages
from profilegen.theme import Theme, resolve_theme

if TYPE_CHECKING:  # rendering is imported only by the commands that render
    from profilegen.render import SiteOutput


@dataclass(frozen=True)
class Loaded:
    """A profile read from disk: what `check`, `linkedin` and the exports start from.

    One Profile per language (``profiles``, main language first); ``profile`` is the main one.
    """

    source: Path
    settings: Settings
    theme: Theme
    profiles: dict[str, Profile]

    @property
    def profile(self) -> Profile:
        return self.profiles[self.settings.language]

    def profile_for(self, language: str | None) -> Profile:
        """The Profile of a language; an unknown one is a usage error naming --lang."""
        from profilegen.errors import UsageError

        code = language or self.settings.language
        if code not in self.profiles:
            raise UsageError(Problem("--lang", None, None, f"'{code}' is not a language of this site "
                                     f"(it has: {', '.join(self.profiles)}); add it to 'languages' in site.yaml"))
        return self.profiles[code]


def load_profile(source: Path, *, base_url: str | None = None, drafts: bool = False,
                 cache: DocumentCache | None = None) -> Loaded:
    settings = load_settings(source, base_url=base_url)
    theme = resolve_theme(source, settings.theme)
    documents = split_languages(settings, load_documents(source, cache))
    profiles, problems = {}, []
    for code in settings.all_languages:
        root = "" if code == settings.language else code
        layer_titles = theme.messages(code).get("layers", {})
        try:
            profiles[code] = build_profile(settings.for_language(code), documents[code], drafts=drafts,
                                           layer_titles=layer_titles, root=root)
        except UserError as exc:
            problems.extend(exc.problems)
    if problems:
        raise UserError(problems)
    return Loaded(source, settings, theme, profiles)


@dataclass(frozen=True)
class BuildResult:
    output: Path
    site: "SiteOutput"
    pages: int
    findings: tuple[Problem, ...] = ()  # the check's warnings

    @property
    def warnings(self) -> list[Problem]:
        return [*self.findings, *self.site.warnings]


# The render stage reports broken links itself, and the LinkedIn text is not the site: the rest
# of `check` runs inside every build.
BUILD_CHECK_SKIPS = frozenset({"links", "a11y", "linkedin"})


def check_before_publishing(loaded: Loaded, memo: dict | None = None) -> tuple[Problem, ...]:
    """Run `check` on the loaded model: privacy errors stop the build; the rest are warnings."""
    from profilegen.check import run_check

    result = run_check(loaded, skip=BUILD_CHECK_SKIPS, memo=memo)
    if result.errors:
        raise UserError([f.problem(hint=True) for f in result.errors])
    return tuple(f.problem() for f in result.warnings)


def build(source: Path, *, output: Path | None = None, base_url: str | None = None,
          drafts: bool = False, strict: bool = False, jobs: int | None = None,
          use_cache: bool = True) -> BuildResult:
    """Build the site of ``source``; the previous output stays intact unless this succeeds.

    With the build cache (.profilegen-cache/), unchanged files are not parsed again and pages
    whose inputs did not change are not rendered again; the output is the same bytes as a
    cold build's (tested).
    """
    from profilegen.cache import BuildCache, load_cache, save_cache
    from profilegen.write import safe_output_folder

    cache = load_cache(source) if use_cache else BuildCache()
    loaded = load_profile(source, base_url=base_url, drafts=drafts, cache=cache.documents)
    # Check the output folder before rendering, so a dangerous --output fails fast.
    target = safe_output_folder(source, output if output is not None else source / loaded.settings.output,
                                explicit=output is not None)
    findings = check_before_publishing(loaded, cache.checked)
    result = render_and_write(loaded, target, cache, jobs=jobs, strict=strict, warnings=findings)
    if use_cache:
        save_cache(source, cache)
    return dataclasses.replace(result, findings=findings)


def render_and_write(loaded: Loaded, target: Path, cache, *, jobs: int | None = None,
                     strict: bool = False, warnings: tuple[Problem, ...] = ()) -> BuildResult:
    """Render a loaded profile into ``target``, reusing what ``cache`` vouches for; update it."""
    from profilegen.render import render_site
    from profilegen.write import FreshFolder, InPlace

    previous = cache.output_keys(target)  # empty unless the output is exactly the last build's
    # Pages are written as they are rendered, out of sight until everything succeeded.
    staging = InPlace(target) if previous else FreshFolder(target)
    try:
        site = render_site(loaded.profiles, loaded.theme, loaded.source, jobs=jobs, previous=previous,
                           cached=cache.memory if previous else None, staging=staging)
        if strict and (warnings or site.warnings):  # every warning of check and render, at once
            raise UserError([Problem(w.file, w.line, w.column, w.message + " (--strict)")
                             for w in (*warnings, *site.warnings)])
        staging.commit(site, cache.copied, set(previous))
    except BaseException:
        staging.abort()
        raise
    cache.remember(site, target)
    return BuildResult(target, site, sum(1 for name in site.keys if name.endswith(".html")))


class PreviewBuilder:
    """Builds for the preview server: into a folder of its own, reusing what did not change.

    The same incremental build as `profilegen build`, with the cache kept in memory: unchanged
    files are not parsed again and only pages whose inputs changed are rendered and written,
    so a save shows up fast however many notes there are. Callers serialise rebuild() calls
    and must not serve while one runs (the folder is updated in place).
    """

    def __init__(self, source: Path, output: Path, *, base_url: str | None = None,
                 drafts: bool = True) -> None:
        from profilegen.cache import BuildCache

        self.source = source
        self.output = output
        self.base_url = base_url
        self.drafts = drafts
        self.cache = BuildCache()
        self.loaded: Loaded | None = None  # the last good model, for the dashboard

    def rebuild(self) -> BuildResult:
        loaded = load_profile(self.source, base_url=self.base_url, drafts=self.drafts,
                              cache=self.cache.documents)
        self.loaded = loaded  # the dashboard shows the text even when a privacy error stops the pages
        findings = check_before_publishing(loaded, self.cache.checked)
        result = render_and_write(loaded, self.output, self.cache, warnings=findings)
        return dataclasses.replace(result, findings=findings)
