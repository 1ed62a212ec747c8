"""`profilegen init`: a new profile whose example text asks the questions each layer answers."""

from __future__ import annotations

import json
from pathlib import Path

from profilegen import __version__
from profilegen.errors import Problem, UserError

_SCAFFOLD = Path(__file__).resolve().parent / "scaffold"

# Files in the package whose names cannot be dotfiles in a wheel, and where they go.
_RENAMES = {"gitignore.txt": ".gitignore", "pages.yml": ".github/workflows/pages.yml"}


def _scaffold_files(language: str) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for root in (_SCAFFOLD / "common", _SCAFFOLD / language):
        for path in sorted(root.rglob("*")):
            if path.is_file() and path.name != ".gitkeep" and "__pycache__" not in path.parts:
                rel = path.relative_to(root).as_posix()
                files[_RENAMES.get(rel, rel)] = path
    return files


def create_profile(directory: Path, *, language: str = "nl") -> list[str]:
    """Write a new profile into ``directory`` (which must be empty or absent); return the paths."""
    if directory.exists() and not directory.is_dir():
        raise UserError(Problem(str(directory), None, None, "exists and is not a folder"))
    if directory.is_dir() and any(directory.iterdir()):
        raise UserError(Problem(str(directory), None, None, "the folder is not empty; 'profilegen init' only "
                                "writes into an empty or new folder, so nothing of yours is overwritten"))
    from profilegen.config import Settings
    from profilegen.schema import json_schema
    from profilegen.config import SCHEMA_URL

    repo = directory.resolve().name or "profiel"
    replacements = {"__REPO__": repo, "__VERSION__": __version__}
    written = []
    for rel, template in _scaffold_files(language).items():
        target = directory / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        text = template.read_text("utf-8")
        for key, value in replacements.items():
            text = text.replace(key, value)
        target.write_text(text, "utf-8")
        written.append(rel)
    schema = json_schema(Settings, "profilegen site.yaml", SCHEMA_URL)
    (directory / "site.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n", "utf-8")
    (directory / "static").mkdir(exist_ok=True)
    written.append("site.schema.json")
    return written


_NOTE_TEXT = {
    "nl": ("Schrijf hier je notitie. Wat heb je gezien, geleerd of gedaan dat een collega verder helpt?",
           "Eén of twee zinnen: waar gaat deze notitie over?", "je thema's",
           "concept: 'profilegen serve' toont hem, 'build' nog niet. Klaar? Zet op false."),
    "en": ("Write your note here. What did you see, learn or do that helps a colleague along?",
           "One or two sentences: what is this note about?", "your topics",
           "a draft: 'profilegen serve' shows it, 'build' does not yet. Ready? Set it to false."),
}


def create_note(source: Path, title: str, *, language: str, topics: list[str], folder: str = "content/notes",
                today=None) -> Path:
    """Write a new dated note with front matter; refuse to overwrite an existing file."""
    import datetime as dt

    from profilegen.content import slugify

    if not title.strip():
        raise UserError(Problem("TITLE", None, None, "a note needs a title, e.g. profilegen new note \"Wat ik leerde\""))
    date = today or dt.date.today()
    slug = slugify(title) or "notitie"
    path = source / folder / f"{date.isoformat()}-{slug}.md"
    if path.exists():
        raise UserError(Problem(path.relative_to(source).as_posix(), None, None,
                                "this note already exists; nothing was changed"))
    body, summary, topics_word, draft_hint = _NOTE_TEXT.get(language, _NOTE_TEXT["en"])
    hint = ", ".join(topics) if topics else "—"
    text = (f"---\ntitle: {json.dumps(title, ensure_ascii=False)}\ndate: {date.isoformat()}\n"
            f"# {topics_word}: {hint}\ntags: []\nsummary: {json.dumps(summary, ensure_ascii=False)}\n"
            f"draft: true  # {draft_hint}\n---\n{body}\n")
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "x", encoding="utf-8") as handle:  # "x": never overwrite, even in a race
        handle.write(text)
    return path
