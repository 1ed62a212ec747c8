"""A synthetic profile of N notes (~600 words each, with a code block), the same every run."""

from __future__ import annotations

import datetime as dt
import random
import re
import shutil
from pathlib import Path

WORDS = ("participatie omgeving energie warmtenet wijk bewoners gemeente plan besluit gesprek "
         "vertrouwen netwerk transitie beleid uitvoering samenwerking leren project ruimte water "
         "mobiliteit zorg data inzicht keuze tempo draagvlak toekomst ervaring kennis vraag").split()
TOPICS = ["participatie", "energietransitie", "omgevingswet", "samenwerking"]


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_profile(dest: Path, notes: int, seed: int = 7) -> Path:
    """init's Dutch profile with ``notes`` generated notes instead of its example note, in ``dest``."""
    from profilegen.scaffold import create_profile

    if dest.exists():
        shutil.rmtree(dest)
    create_profile(dest, language="nl")
    settings = dest / "site.yaml"
    text = re.sub(r"(?m)^topics:.*$", f"topics: [{', '.join(TOPICS)}]", settings.read_text("utf-8"))
    settings.write_text(text, "utf-8")
    folder = dest / "content" / "notes"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    start = dt.date(2006, 1, 2)
    for i in range(notes):
        date = start + dt.timedelta(days=i % 7300)
        tags = rng.sample(TOPICS, 2)
        body = "\n\n".join([
            _paragraph(rng, 120), "## Wat ik zag", _paragraph(rng, 150),
            "```python\ndef tempo(bewoners, plan):\n    return len(bewoners) / max(1, plan.weken)\n```",
            "- " + _paragraph(rng, 12) + "\n- " + _paragraph(rng, 12) + "\n- " + _paragraph(rng, 12),
            "## Wat ik ervan leer", _paragraph(rng, 150), _paragraph(rng, 130),
        ])
        (folder / f"{date.isoformat()}-notitie-{i:05d}.md").write_text(
            f"---\ntitle: \"Notitie {i}: {rng.choice(WORDS)} en {rng.choice(WORDS)}\"\n"
            f"date: {date.isoformat()}\ntags: [{', '.join(tags)}]\n"
            f"summary: \"{_paragraph(rng, 20)}\"\n---\n{body}\n", "utf-8")
    return dest
