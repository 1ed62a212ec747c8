"""Themes: where templates, theme static files and the theme's words (per language) come from.

Lookup, first match wins: the site's templates/ -> the site's themes/<name>/ -> the bundled
theme <name> -> the bundled default. A template that replaces one of the bundled theme can
still extend it as "!theme/<name>.html".
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

from profilegen.errors import Problem, UserError
from profilegen.yamlio import YamlDocument
from profilegen.messages import _

_PACKAGE = Path(__file__).resolve().parent


def bundled_themes_dir() -> Path:
    """Inside an installed wheel the themes sit in the package; in a checkout, beside it."""
    inside = _PACKAGE / "themes"
    return inside if inside.is_dir() else _PACKAGE.parent / "themes"


def bundled_theme_names() -> list[str]:
    root = bundled_themes_dir()
    return sorted(p.name for p in root.iterdir() if (p / "templates").is_dir()) if root.is_dir() else []


@dataclass(frozen=True)
class Theme:
    name: str
    template_dirs: tuple[Path, ...]   # first match wins
    bundled_dir: Path                 # the bundled theme that "!theme/" points at
    static_dirs: tuple[Path, ...]     # copied in this order; later ones win

    def messages(self, language: str) -> dict:
        """The theme's words for a language, merged over the bundled English ones."""
        merged: dict = {}
        base_language = language.split("-")[0]
        for root in reversed((*self._roots(), self.bundled_dir)):
            for lang in dict.fromkeys(("en", base_language, language)):
                path = root / "i18n" / f"{lang}.yaml"
                if path.is_file():
                    merged = _deep_merge(merged, _read_catalogue(path))
        return merged

    def _roots(self) -> tuple[Path, ...]:
        return tuple(d.parent for d in self.template_dirs if d.name == "templates")


@functools.lru_cache(maxsize=64)
def _read_catalogue_cached(path: Path, stamp: tuple[int, int]) -> dict:
    """A theme's words: read as site.yaml is (located errors, no alias bombs or loops, not
    UTF-8 named as such), and a mapping of mappings and text."""
    from profilegen.config import read_text

    try:  # (as the user would type it, from the folder the command runs in)
        shown = path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        shown = str(path)
    document = YamlDocument(read_text(path, shown), shown)
    try:
        words = document.construct(document.root) if document.root is not None else {}
        wrong = _not_words(words, [])
        if wrong is not None:
            where, what = wrong
            node = document.find(where) if where else document.root
            shown = ".".join(where) or "the file"
            raise UserError(document.problem(node, _("the theme's words hold text, lists of text and groups of "
                                                   "them; {shown} is {what}").format(shown=shown, what=what)))
        return words
    finally:
        document.dispose()


def _not_words(value, path: list[str]) -> tuple[list[str], str] | None:
    """(key path, what it is) of the first value that is not text, a list of text or a mapping
    of them (at the top: a mapping), or None."""
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                return path, _("a mapping with the key {key!r}, which is not a name").format(key=key)
            wrong = _not_words(item, [*path, key])
            if wrong is not None:
                return wrong
        return None
    if not path:
        return path, _("not a mapping of names")
    if isinstance(value, str) or (isinstance(value, list) and all(isinstance(item, str) for item in value)):
        return None
    kinds = {bool: "true or false", int: "a number", float: "a number", type(None): "empty",
             list: "a list with more than text in it"}
    return path, kinds.get(type(value), f"a {type(value).__name__}")


def _read_catalogue(path: Path) -> dict:
    stat = path.stat()  # the stamp keeps a long-running preview from using stale words
    return _read_catalogue_cached(path, (stat.st_mtime_ns, stat.st_size))


def _deep_merge(base: dict, override: dict) -> dict:
    out = dict(base)
    for key, value in override.items():
        out[key] = _deep_merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def resolve_theme(source: Path, name: str) -> Theme:
    _refuse_links_out(source, name)
    bundled_root = bundled_themes_dir()
    site_theme = source / "themes" / name
    bundled = bundled_root / name
    default = bundled_root / "default"
    if not site_theme.is_dir() and not bundled.is_dir():
        names = ", ".join(bundled_theme_names()) or "none"
        raise UserError(Problem("site.yaml", None, None, _("theme '{name}' not found: there is no folder "
                                "themes/{name}/ and no bundled theme of that name (bundled: {names})").format(name=name, names=names)))
    template_dirs = [source / "templates"]
    static_dirs = []
    for root in dict.fromkeys((site_theme, bundled, default)):
        if root.is_dir():
            template_dirs.append(root / "templates")
            static_dirs.insert(0, root / "static")
    theme_base = bundled if bundled.is_dir() else default
    return Theme(name, tuple(d for d in template_dirs if d.is_dir()), theme_base,
                 tuple(d for d in static_dirs if d.is_dir()))


def _refuse_links_out(source: Path, name: str) -> None:
    """A link in the site's templates/ or themes/<name>/ (templates, static, i18n) that leads
    outside the profile folder, nowhere or round in a loop is an error, as in content/.

    jinja2's FileSystemLoader follows links, so a template linked to a file elsewhere would be
    rendered into the site. Checked once per build, before jinja2 opens anything; the bundled
    themes, inside profilegen, are not the profile's and are not checked.
    """
    from profilegen.content import folder_inside, walk_inside

    problems = []
    for folder in ("templates", "i18n"):
        problems += walk_inside(source, folder)[1]
    theme_folder = f"themes/{name}"
    real, theme_problems = folder_inside(source, theme_folder)
    problems += theme_problems
    if real is not None:
        for part in ("templates", "static", "i18n"):
            problems += walk_inside(source, f"{theme_folder}/{part}")[1]
    if problems:
        raise UserError(problems)


CACHE_DIR = ".profilegen-cache"


def make_environment(theme: Theme, cache_dir: Path | None = None):
    """The jinja2 environment: autoescaped HTML and XML, strict about undefined names.

    With ``cache_dir``, compiled templates are kept there between builds (jinja2 checks each
    template's modification time, so an edited template is compiled again): compiling the
    theme was a third of a small site's build.
    """
    import jinja2

    chain = jinja2.FileSystemLoader([str(d) for d in theme.template_dirs])
    bundled = jinja2.FileSystemLoader(str(theme.bundled_dir / "templates"))
    loader = jinja2.ChoiceLoader([jinja2.PrefixLoader({"!theme": bundled}, delimiter="/"), chain])
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml", "svg"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=_bytecode_cache(cache_dir),
        # One environment serves one build, so a template cannot change under it: without
        # this, jinja2 would stat every template of a page's chain at every page.
        auto_reload=False,
    )
    env.context_class = _fast_call_context()
    return env


@functools.cache
def _fast_call_context():
    """jinja2's Context with a shortcut for calling plain functions and methods.

    Every `{{ t("...") }}` or `{{ url(...) }}` goes through Context.call, which first probes
    the callable for jinja's pass-context markers with two failing hasattr() calls; that was
    a third of rendering a list of notes. A function or method that carries no marker in
    its __dict__ (builtins cannot carry one) is called straight away; anything else, as
    before.
    """
    import types

    from jinja2.runtime import Context

    plain = (types.FunctionType, types.MethodType, types.BuiltinFunctionType, types.BuiltinMethodType,
             types.MethodWrapperType)

    class FastCallContext(Context):
        def call(__self, __obj, *args, **kwargs):  # noqa: N805 (jinja's own signature)
            kind = type(__obj)
            if kind in plain:
                function = __obj.__func__ if kind is types.MethodType else __obj
                if "jinja_pass_arg" not in getattr(function, "__dict__", ()):
                    if kwargs:  # (jinja passes these for pass_context callables only)
                        kwargs.pop("_block_vars", None)
                        kwargs.pop("_loop_vars", None)
                    try:
                        return __obj(*args, **kwargs)
                    except StopIteration:
                        return __self.environment.undefined("value was undefined because a callable raised a "
                                                            "StopIteration exception")
            return super().call(__obj, *args, **kwargs)

    return FastCallContext


def make_text_environment(theme: Theme, cache_dir: Path | None = None):
    """Like make_environment, for plain-text templates (LinkedIn): no HTML escaping."""
    import jinja2

    env = make_environment(theme, cache_dir)
    plain = env.overlay(autoescape=False)
    plain.undefined = jinja2.StrictUndefined
    return plain


def _bytecode_cache(cache_dir: Path | None):
    """Compiled templates, kept per user like Python's own bytecode (~/.cache/profilegen), so
    even a site's first build need not compile the theme; else in the site's cache folder.

    jinja2 checks each template's source checksum, so sharing it between sites is safe.
    """
    if cache_dir is None:
        return None
    import os

    import jinja2

    from profilegen import __version__

    user_cache = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "profilegen" / __version__
    for folder in (user_cache / "jinja2", cache_dir / "jinja2"):
        try:
            folder.mkdir(parents=True, exist_ok=True)
            if os.access(folder, os.W_OK):
                return jinja2.FileSystemBytecodeCache(str(folder))
        except OSError:  # read-only: try the next place, or build without the cache
            continue
    return None
