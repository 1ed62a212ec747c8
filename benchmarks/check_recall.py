"""Recall and false alarms of `check` per rule on the labelled corpus: `python3 benchmarks/check_recall.py`.

tests/check_corpus/hits.md marks every true hit with «rule» where it starts; near-misses.md
holds sentences that must not be flagged. Both are read as one note of the example profile
(so tone.bragging, which reads notes, applies), with every text rule of `check`. A hit counts
as found only at its line and column. tests/test_check.py holds the same corpus to 100% through
the CLI; this prints the figures per rule (for an issue note, or after changing a rule).
"""

from __future__ import annotations

import re
import sys
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CORPUS = REPO / "tests" / "check_corpus"
MARK = re.compile(r"«([\w.\-]+)»")
FAMILIES = ("privacy.", "tone.")


def labelled(name: str) -> tuple[str, list[tuple[int, int, str]]]:
    """The corpus text without its «rule» marks, and (line, column, rule) of each mark."""
    lines, expected = [], []
    for number, line in enumerate((CORPUS / name).read_text("utf-8").splitlines(), 1):
        while (match := MARK.search(line)):
            expected.append((number, match.start() + 1, match.group(1)))
            line = line[:match.start()] + line[match.end():]
        lines.append(line)
    return "\n".join(lines) + "\n", expected


def findings(text: str) -> set[tuple[int, int, str]]:
    """(line, column, rule) of every privacy and tone finding in ``text``, read as a note."""
    sys.path.insert(0, str(REPO))
    from profilegen.build import load_profile
    from profilegen.check import TEXT_RULES, make_scan, privacy, tone  # noqa: F401  (they register)
    from profilegen.model import Page

    profile = load_profile(REPO).profile
    page = Page("note", "content/notes/corpus.md", "notes/corpus/", "Corpus", None, text, 1)
    scan = make_scan(page, profile)
    return {(f.line, f.column, f.rule) for rule_id, function in TEXT_RULES.items()
            if rule_id.startswith(FAMILIES) for f in function(scan)
            if f.rule not in scan.ignored.get(f.line or 0, ())}


def main() -> int:
    hits_text, expected = labelled("hits.md")
    found = findings(hits_text)
    misses_text, _ = labelled("near-misses.md")
    alarms = findings(misses_text)
    near_misses = sum(1 for line in misses_text.splitlines() if line.strip() and not line.startswith("```"))
    wanted, got = Counter(rule for _, _, rule in expected), Counter(rule for *_, rule in set(expected) & found)
    extra = Counter(rule for *_, rule in found - set(expected))
    false = Counter(rule for *_, rule in alarms)
    print(f"{'rule':<22} {'hits':>5} {'found':>6} {'recall':>7} {'extra in hits':>14} {'false alarms':>13}")
    for rule in sorted(set(wanted) | set(false) | set(extra)):
        recall = f"{100 * got[rule] / wanted[rule]:.0f}%" if wanted[rule] else "-"
        print(f"{rule:<22} {wanted[rule]:>5} {got[rule]:>6} {recall:>7} {extra[rule]:>14} {false[rule]:>13}")
    total = sum(wanted.values())
    print(f"{'all':<22} {total:>5} {sum(got.values()):>6} {100 * sum(got.values()) / total:>6.0f}% "
          f"{sum(extra.values()):>14} {sum(false.values()):>13}   (in {near_misses} near-miss sentences)")
    for line, column, rule in sorted(set(expected) - found):
        print(f"  missed: hits.md:{line}:{column} [{rule}]")
    for line, column, rule in sorted(alarms):
        print(f"  false alarm: near-misses.md:{line}:{column} [{rule}]")
    return 0 if set(expected) == found and not alarms else 1


if __name__ == "__main__":
    raise SystemExit(main())
