"""The build pipeline, stage after stage: load -> model -> render -> write."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path
from typing import Generator

from profilegen.config import Settings, load_settings
from profilegen.content import DocumentCache, load_documents
from profilegen.errors import Problem, UserError
from profilegen.model import Profile, build_profile, split_languages
from profilegen.theme import Theme, resolve_theme
from profilegen.messages import _



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
            raise UsageError(Problem("--lang", None, None, _("'{code}' is not a language of this site "
                                     "(it has: {profiles}); add it to 'languages' in site.yaml").format(code=code, profiles=', '.join(self.profiles))))
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
    pages: int                         # HTML pages in the site
    rendered: frozenset[str]           # files rendered by this build (the rest were unchanged)
    warnings: tuple[Problem, ...] = ()  # of the check and of rendering


# Every finding of `check` about what the build publishes is shown by every build. Not
# links.broken: the render stage reports broken links itself (once is enough); not linkedin.*:
# they are about the text of `profilegen linkedin`, which a build does not publish, and
# composing it would cost a cold build the plain-text converter (markdown-it-py, ~100 ms).
BUILD_CHECK_SKIPS = frozenset({"links.broken", "linkedin"})


def check_before_publishing(loaded: Loaded, memo: dict | None = None) -> tuple[Problem, ...]:
    """Run `check` on the loaded model: privacy errors stop the build (shown with every warning,
    so one run shows all there is); the rest are warnings."""
    from profilegen.check import CheckFailed, run_check

    # Spelling loads a dictionary (about a second): a build runs it only when asked (check.spelling).
    skip = BUILD_CHECK_SKIPS if loaded.settings.check.spelling else BUILD_CHECK_SKIPS | {"spelling"}
    result = run_check(loaded, skip=skip, memo=memo)
    if result.errors:
        raise CheckFailed([f.problem(hint=f.severity == "error") for f in result.findings])
    return tuple(f.problem() for f in result.warnings)


class PendingCheck:
    """check_before_publishing, run in a forked child while the pages render (see in_background).

    A build renders into its staging folder while the check reads the same files on another
    core: the check's time is hidden behind the render's instead of added to it. Its errors
    still stop the build before anything is published (findings() raises them; the render
    stops as soon as they are known), and the memo it updates comes back with its findings."""

    def __init__(self, loaded: Loaded, memo: dict | None, *, background: bool = True) -> None:
        from profilegen.parallel import in_background

        self._memo, self._findings = memo, None

        def check() -> tuple[tuple[Problem, ...], dict | None]:
            return check_before_publishing(loaded, memo), memo
        self._pending = in_background(check, allowed=background)

    def stop_if_failed(self) -> None:
        """Raise the check's errors now if it has finished with some."""
        if self._findings is None and self._pending.ready():
            self.findings()

    def findings(self) -> tuple[Problem, ...]:
        """The warnings; the errors raised as CheckFailed."""
        if self._findings is None:
            findings, memo = self._pending.result()
            if self._memo is not None and memo is not self._memo:
                self._memo.clear()
                self._memo.update(memo)
            self._findings = findings
        return self._findings

    def cancel(self) -> None:
        self._pending.cancel()


def build(source: Path, *, output: Path | None = None, base_url: str | None = None,
          drafts: bool = False, strict: bool = False, jobs: int | None = None,
          use_cache: bool = True, on_wait=None) -> BuildResult:
    """Build the site of ``source``: the output is the new site, or else the previous one.

    With the build cache (.profilegen-cache/), unchanged files are not parsed again and pages
    whose inputs did not change are not rendered again; the output is the same bytes as a
    cold build's (a property test holds it). ``on_wait(message)`` is called when another
    build of the same output holds its lock and this one waits for it.
    """
    from profilegen.cache import BuildCache, load_cache, save_cache
    from profilegen.config import load_settings

    # The output folder is known from the settings alone: check it, lock it and repair what an
    # interrupted build left there before anything else can fail.
    settings = load_settings(source, base_url=base_url)
    target = safe_output_folder(source, output if output is not None else source / settings.output,
                                explicit=output is not None)
    with open_output(target, on_wait) as writer:
        cache = load_cache(source) if use_cache else BuildCache()
        loaded = load_profile(source, base_url=base_url, drafts=drafts, cache=cache.documents)
        checking = PendingCheck(loaded, cache.checked, background=jobs != 1)
        result = render_and_write(loaded, writer, cache, jobs=jobs, strict=strict, check=checking)
        if use_cache:  # (still locked: the next build reads the cache of this output)
            save_cache(source, cache)
    return result


def safe_output_folder(source: Path, output: Path, *, explicit: bool) -> Path:
    from profilegen.write import safe_output_folder as check

    return check(source, output, explicit=explicit)


@contextlib.contextmanager
def open_output(target: Path, on_wait=None):
    """The writer of ``target``, open (locked, repaired, staging) for one build; an I/O failure
    of the disk is reported as the user's problem (a full disk, a read-only folder), not a bug."""
    from profilegen.write import SiteWriter

    writer = SiteWriter(target, on_wait=on_wait)
    try:
        writer.open()
        try:
            yield writer
        finally:
            writer.abort()  # (after a commit: only unlocks)
    except OSError as exc:
        where = exc.filename or target
        raise UserError(Problem(str(where), None, None, _("could not write the site: {value}; "
                                "your previous site is unchanged").format(value=exc.strerror or exc))) from None


def render_and_write(loaded: Loaded, writer, cache, *, jobs: int | None = None,
                     strict: bool = False, check: PendingCheck | None = None) -> BuildResult:
    """Render a loaded profile through an open writer and commit it; update ``cache``.

    Files whose key is the same as what the output holds are linked, not rendered again.
    ``check`` (pending while the pages render): its errors stop the build before the commit,
    and are reported instead of an error of the render, as if the check had run first."""
    return _to_the_end(write_in_steps(loaded, writer, cache, jobs=jobs, strict=strict, check=check))


def write_in_steps(loaded: Loaded, writer, cache, *, jobs: int | None = None, strict: bool = False,
                   check: PendingCheck | None = None, pages_first: bool = False) -> Generator[str, None, BuildResult]:
    """render_and_write() one file at a time: yields each file's path once the writer holds it
    (complete, in its staging folder), and returns the BuildResult after the commit.

    For the preview, which serves the page a browser shows as soon as it is written, and makes the
    rest (the CV, share cards) after that browser has repainted (``pages_first``: nothing made
    beside the pages, see render.SiteRender). Files are rendered only as the
    generator is resumed; closed before its end, it commits nothing (the output stays as it was)."""
    from profilegen.render import render_site

    previous = cache.trusted_keys(writer.output, writer.current)
    keys = {}
    try:
        site = render_site(loaded.profiles, loaded.theme, loaded.source, jobs=jobs, previous=previous,
                           memory=cache.memory if previous else None, pages_first=pages_first)
        for file in site:
            if check is not None:
                check.stop_if_failed()
            keys[file.path] = file.key
            if file.reused:
                writer.keep(file.path)
            elif file.data is not None:
                writer.put(file.path, file.data)
            else:
                writer.copy(file.path, file.source)
            yield file.path
    except Exception:
        if check is not None:
            check.findings()  # (raises the check's errors, which come first)
        raise
    except BaseException:  # (Ctrl-C, or the generator closed before its end)
        if check is not None:
            check.cancel()
        raise
    every_warning = (*(check.findings() if check is not None else ()), *site.warnings)
    if strict and every_warning:  # every warning of check and render, at once
        from profilegen.check import CheckFailed

        raise CheckFailed([Problem(w.file, w.line, w.column, w.message + " (--strict)") for w in every_warning])
    cache.forget_output()  # (if the commit fails half-way, the next build trusts nothing)
    writer.commit()
    cache.remember(writer.output, keys, writer.written, site.memory)
    return BuildResult(writer.output, site.pages, frozenset(site.rendered), every_warning)


def _to_the_end(steps: Generator[str, None, BuildResult]) -> BuildResult:
    while True:
        try:
            next(steps)
        except StopIteration as finished:
            return finished.value


class PreviewBuilder:
    """Builds for the preview server: into a folder of its own, reusing what did not change.

    The same incremental build as `profilegen build`, with the cache kept in memory: unchanged
    files are not parsed again and only pages whose inputs changed are rendered, so a save
    shows up fast however many notes there are. The folder is swapped whole, so pages can be
    served while a rebuild runs.
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
        self._writer = None  # the writer of the rebuild under way (rebuild_in_steps), and its check
        self._check: PendingCheck | None = None
        self._passed = None  # the writer whose rebuild's check passed (check_passed)

    def rebuild(self) -> BuildResult:
        return _to_the_end(self.rebuild_in_steps())

    def rebuild_in_steps(self) -> Generator[str, None, BuildResult]:
        """rebuild() one file at a time (see write_in_steps); while it runs, and once its check
        is known to pass (check_passed), staged_file() gives the files it has written already."""
        with open_output(self.output) as writer:
            loaded = load_profile(self.source, base_url=self.base_url, drafts=self.drafts,
                                  cache=self.cache.documents)
            self.loaded = loaded  # the dashboard shows the text even when a privacy error stops the pages
            # In this process, first: the preview waits for the check's verdict before it shows a
            # page (check_passed), and with the memo an edit re-checks one file, for less than a
            # forked child costs (write -> reload median 115-146 ms against 227-230 ms, load 5-9).
            self._check = PendingCheck(loaded, self.cache.checked, background=False)
            self._writer = writer
            try:
                return (yield from write_in_steps(loaded, writer, self.cache, check=self._check,
                                                  pages_first=True))
            finally:
                self._writer = self._check = self._passed = None

    def check_passed(self) -> None:
        """Raise the errors of the rebuild under way's check: the preview shows no page of a
        rebuild before it is known to pass. After this, staged_file() gives the files written
        already."""
        if self._check is not None:
            self._check.findings()
            self._passed = self._writer

    def staged_file(self, rel: str) -> Path | None:
        """The file at ``rel`` as the rebuild under way has written it (complete, not yet
        committed), or None: not written yet, its check not known to pass, or no rebuild under way."""
        writer = self._writer
        if writer is None or self._passed is not writer or writer.staging is None or rel not in writer.written:
            return None
        return writer.staging / rel
