"""A profile of N generated notes, the same every run for a seed: synthetic or realistic.

- synthetic (the default): ~600 words of word salad per note, each with a code block.
- realistic (``realistic=True``): Dutch prose as an omgevingsmanager writes it, built from the
  sentence parts in prose_nl.py: "niet" and "geen" in most paragraphs (the tone check reacts to
  them), numbers, dates, Dutch places and English loanwords; notes of 150-1,600 words (~600 on
  average) with headings, lists, now and then a quote, a table or a code block; on-topic tags
  (sometimes one off-topic tag beside them); `.md` links to earlier notes and a few to layers
  (`../vision.md`). Half the notes are wrapped at ~95 columns, half have a line per paragraph.
"""

from __future__ import annotations

import datetime as dt
import math
import random
import re
import shutil
import textwrap
import unicodedata
from pathlib import Path

WORDS = ("participatie omgeving energie warmtenet wijk bewoners gemeente plan besluit gesprek "
         "vertrouwen netwerk transitie beleid uitvoering samenwerking leren project ruimte water "
         "mobiliteit zorg data inzicht keuze tempo draagvlak toekomst ervaring kennis vraag").split()
TOPICS = ["participatie", "energietransitie", "omgevingswet", "samenwerking"]


def _paragraph(rng: random.Random, words: int) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(words))
    return text[0].upper() + text[1:] + "."


def make_profile(dest: Path, notes: int, seed: int = 7, realistic: bool = False) -> Path:
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
    if realistic:
        for name, text in realistic_notes(notes, rng, start):
            (folder / name).write_text(text, "utf-8")
        return dest
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


# --- the realistic corpus -------------------------------------------------------------------

def _slug(text: str) -> str:
    """As profilegen.content.slugify: ASCII, lower case, dashes."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _upper_first(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


class _Writer:
    """Fills the slots of prose_nl's sentence parts for one note (its year sets the dates)."""

    def __init__(self, rng: random.Random, year: int) -> None:
        import prose_nl

        self.p, self.rng, self.year = prose_nl, rng, year
        self._sentences: list[int] = []
        self._last: dict[str, str] = {}

    def fill(self, template: str, **given: str) -> str:
        def slot(match: re.Match) -> str:
            name = match.group(1)
            key = name.lower()
            value = given[key] if key in given else self._value(key)
            return _upper_first(value) if name[0].isupper() else value
        return re.sub(r"\{(\w+)\}", slot, template)

    def _pick(self, key: str, options) -> str:
        value = self.rng.choice(options)
        if key.endswith("2") and value == self._last.get(key[:-1]):
            value = self.rng.choice(options)
        self._last[key.rstrip("2")] = value
        return value

    def _value(self, key: str) -> str:
        rng, p = self.rng, self.p
        lists = {"plaats": p.PLAATSEN, "wijk": p.WIJKEN, "groep": p.GROEPEN, "org": p.ORGANISATIES,
                 "ding": p.DINGEN, "onderwerp": p.ONDERWERPEN, "tel": p.GETALWOORDEN, "maand": p.MAANDEN}
        if key.rstrip("2") in lists:
            return self._pick(key, lists[key.rstrip("2")])
        if key == "n":
            return str(rng.randint(12, 60) if rng.random() < 0.5 else rng.randint(60, 480))
        if key == "groot":
            number = rng.randint(20, 960) * 50
            return f"{number:,}".replace(",", ".") if rng.random() < 0.8 else str(number)
        if key == "pct":
            number = rng.randint(8, 92)
            return f"{number} procent" if rng.random() < 0.6 else f"{number}%"
        if key in ("geld", "geld2"):
            kind = rng.random()
            if kind < 0.45:
                return f"€ {rng.randint(8, 950)}.000"
            if kind < 0.75:
                return f"{rng.randint(1, 12)},{rng.randint(1, 9)} miljoen euro"
            return f"ruim {rng.randint(20, 900)} duizend euro"
        if key == "bedrag":
            return f"€ {rng.randint(90, 640)}"
        if key == "mw":
            return str(rng.randint(3, 60))
        if key == "jaar":
            return str(self.year - rng.randint(0, 3))
        if key == "later":
            return str(self.year + rng.randint(1, 5))
        if key == "vroeger":
            return str(self.year - rng.randint(3, 10))
        if key == "oud":
            return str(self.year - rng.randint(8, 30))
        if key == "datum":
            return f"{rng.randint(1, 28)} {rng.choice(p.MAANDEN)} {self.year - rng.randint(0, 2)}"
        raise KeyError(key)

    def statement(self) -> str:
        """A sentence of prose_nl.ZINNEN; none twice in one note until all were used."""
        if not self._sentences:
            self._sentences = self.rng.sample(range(len(self.p.ZINNEN)), len(self.p.ZINNEN))
        return self.fill(self.p.ZINNEN[self._sentences.pop()])

    def sentence(self, first: bool = False) -> str:
        rng, p = self.rng, self.p
        if rng.random() < 0.06:
            return self.fill(rng.choice(p.VRAGEN))
        text = self.statement()
        simple = text.endswith(".") and not any(mark in text for mark in ";:?")
        if simple and len(text) < 80 and rng.random() < 0.2:
            text = text[:-1] + self.fill(rng.choice(p.STAARTEN)) + "."
        if simple and not first and rng.random() < 0.14:
            text = rng.choice(p.OPENERS) + _lower_first(text)
        return text

    def paragraph(self) -> str:
        count = self.rng.choice((1, 2, 2, 3, 3, 3, 4, 4, 4, 5, 5, 6, 7, 8))
        sentences = [self.sentence(first=index == 0) for index in range(count)]
        if self.rng.random() < 0.06:
            sentences.append(f"De les: **{self.rng.choice(self.p.LESSEN)}**.")
        return " ".join(sentences)

    def items(self) -> list[str]:
        rng, p = self.rng, self.p
        count = rng.randint(3, 6)
        if rng.random() < 0.6:
            return [_upper_first(self.fill(item)) for item in rng.sample(p.LIJSTPUNTEN, count)]
        return [self.statement() for _ in range(count)]

    def table(self) -> str:
        rng, p = self.rng, self.p
        header = rng.choice(p.TABELLEN)
        rows = []
        for index in range(rng.randint(3, 5)):
            if header[0] == "Wijk":
                rows.append((rng.choice(p.WIJKEN), str(rng.randint(12, 400)), str(rng.randint(0, 140))))
            elif header[0] == "Jaar":
                rows.append((str(self.year - 4 + index), f"{rng.randint(1, 48) * 100:,}".replace(",", "."),
                             str(rng.randint(0, 900))))
            else:
                rows.append((p.AANPAKKEN[index], f"{rng.randint(12, 600)} mensen", f"€ {rng.randint(2, 90)}.000"))
        lines = ["| " + " | ".join(header) + " |", "|---|---:|---:|"]
        lines += ["| " + " | ".join(row) + " |" for row in rows]
        return "\n".join(lines)


def _wrap(text: str, width: int | None, first: str = "", rest: str = "") -> str:
    if width is None:
        return first + text
    return textwrap.fill(text, width, initial_indent=first, subsequent_indent=rest,
                         break_long_words=False, break_on_hyphens=False)


def _note_body(writer: _Writer, rng: random.Random, links: list[str], width: int | None) -> str:
    """Intro, sections with headings, lists, now and then a quote, a table or a code block."""
    p = writer.p
    target = int(min(1600, max(150, rng.lognormvariate(math.log(460), 0.45))))
    blocks: list[tuple[str, str]] = [("p", writer.paragraph())]  # (kind, text)
    if rng.random() < 0.5:
        blocks.append(("p", writer.paragraph()))
    quoted, tabled = False, rng.random() > 0.08
    coded = rng.random() > 0.06
    headings = rng.sample(p.KOPPEN, len(p.KOPPEN))

    def words() -> int:
        return sum(len(text.split()) for _, text in blocks)

    while words() < target:
        heading = writer.fill(headings.pop() if headings else rng.choice(p.KOPPEN))
        blocks.append(("h", ("### " if rng.random() < 0.1 else "## ") + heading))
        for _ in range(rng.choice((1, 1, 2, 2, 3))):
            blocks.append(("p", writer.paragraph()))
        if rng.random() < 0.3:
            items = writer.items()
            if rng.random() < 0.7:  # a lead-in line ("Drie dingen die ik nu anders doe:")
                blocks.append(("lead", writer.fill(rng.choice(p.AANLOPEN), tel=p.GETALWOORDEN[len(items) - 2])))
            blocks.append(("ol" if rng.random() < 0.2 else "ul", "\n".join(items)))
        if not quoted and rng.random() < 0.12:
            quoted = True
            blocks.append(("q", f"‘{rng.choice(p.CITATEN)}’ — {writer.fill(rng.choice(p.BRONNEN))}"))
        if not tabled and rng.random() < 0.5:
            tabled = True
            blocks.append(("raw", writer.table()))
        if not coded and rng.random() < 0.5:
            coded = True
            blocks.append(("raw", rng.choice(p.CODE)))
    paragraphs = [index for index, (kind, _) in enumerate(blocks) if kind == "p"]
    for link in links:  # a link sentence at the end of a paragraph
        index = rng.choice(paragraphs)
        blocks[index] = ("p", blocks[index][1] + " " + link)
    out = []
    for kind, text in blocks:
        if kind in ("p", "lead"):
            out.append(_wrap(text, width))
        elif kind == "q":
            out.append(_wrap(text, width and width - 2, "> ", "> "))
        elif kind in ("ul", "ol"):
            out.append("\n".join(_wrap(item, width, f"{n}. " if kind == "ol" else "- ",
                                        "   " if kind == "ol" else "  ")
                                  for n, item in enumerate(text.split("\n"), 1)))
        else:
            out.append(text)
    return "\n\n".join(out)


def realistic_notes(notes: int, rng: random.Random, start: dt.date):
    """(file name, text) of ``notes`` realistic notes over twenty years from ``start``."""
    import prose_nl as p

    dates = [start + dt.timedelta(days=i * 7300 // max(notes, 1)) for i in range(notes)]
    titles, names, taken = [], [], set()
    series: dict[str, int] = {}  # a title written before makes a series: "…, deel 2"
    for i, date in enumerate(dates):
        writer = _Writer(rng, date.year)
        for _ in range(8):
            title = writer.fill(rng.choice(p.TITELS)).replace('"', "")
            if rng.random() < 0.5 and "?" not in title and ":" not in title:
                title += ": " + writer.fill(rng.choice(p.ONDERTITELS))
            if _slug(title) not in series:
                break
        series[_slug(title)] = part = series.get(_slug(title), 0) + 1
        if part > 1:
            title += f", deel {part}"
        name = f"{date.isoformat()}-{_slug(title)}"
        suffix = 2
        while name + ".md" in taken:
            name = f"{date.isoformat()}-{_slug(title)}-{suffix}"
            suffix += 1
        taken.add(name + ".md")
        titles.append(title)
        names.append(name + ".md")
    for i, date in enumerate(dates):
        writer = _Writer(rng, date.year)
        links = []
        if i:
            targets = {max(0, i - 1 - int(rng.expovariate(1 / 25)))
                       for _ in range(rng.choices((0, 1, 2, 3), (30, 40, 20, 10))[0])}
            links = [writer.fill(template, href=names[j], titel=_lower_first(titles[j]))
                     for j, template in zip(sorted(targets), rng.sample(p.NOTITIELINKS, len(targets)))]
        if rng.random() < 0.15:
            links.append(rng.choice(p.LAAGLINKS))
        if rng.random() < 0.08:
            links.append(rng.choice(p.BUITENLINKS))
        width = rng.randint(88, 100) if rng.random() < 0.5 else None
        body = _note_body(writer, rng, links, width)
        tags = rng.sample(TOPICS, rng.choice((1, 2, 2, 3)))
        if rng.random() < 0.12:
            tags.append(rng.choice(p.OFF_TOPIC_TAGS))
        summary = writer.statement()
        while len(summary) > 180:
            summary = writer.statement()
        front = [f'title: "{titles[i]}"', f"date: {date.isoformat()}"]
        if rng.random() < 0.1:
            front.append(f"updated: {(date + dt.timedelta(days=rng.randint(20, 400))).isoformat()}")
        front += [f"tags: [{', '.join(tags)}]", f'summary: "{summary}"']
        yield names[i], "---\n" + "\n".join(front) + "\n---\n" + body + "\n"
