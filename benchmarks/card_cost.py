"""What one share card costs: `python3 benchmarks/card_cost.py [--cards 60] [--runs 5]`.

Draws ``--cards`` note cards with realistic Dutch titles (diacritics, 40-110 characters, a date
as kicker) in one process, and prints processor milliseconds a card — the best of ``--runs``
rounds — for the whole card and for its three steps: the layout (fitting the title), rendering
the letters (FreeType's masks of the kicker and the title), and the PNG (blending those masks
onto the base's rows they touch and packing those bands; the other bands are the base's), and
the PNG's bytes a card. A cold build pays this for the home, every layer page and every note
(on all cores); an unchanged card is reused.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from profilegen import cards  # noqa: E402

TITLE_WORDS = ("waarom wat participatie energietransitie wijk bewoners één méér coöperatie gesprek "
               "omgevingswet vertrouwen warmtenet gemeente ’s-Hertogenbosch leren tempo keuzes "
               "draagvlak samenwerken tussen beleid uitvoering en de het een over met").split()


def titles(count: int) -> list[str]:
    rng = random.Random(7)
    return [" ".join(rng.choice(TITLE_WORDS) for _ in range(rng.randint(5, 16))).capitalize() for _ in range(count)]


def best_ms(step, items, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        started = time.process_time()
        for item in items:
            step(item)
        best = min(best, (time.process_time() - started) / len(items))
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cards", type=int, default=60)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    style = cards.CardLayout()
    byline, address = "Sanne Verhoeven · Programmamanager energietransitie, Gemeente Utrecht", "sverhoeven.github.io/profiel"
    made = [cards.Card(f"notes/{i}/card.png", cards.CardText("3 maart 2026", title, byline, address), None, "")
            for i, title in enumerate(titles(args.cards))]
    cards.draw(made[0], style)  # (Pillow and the fonts loaded, the shared foot drawn and packed once)

    def letters(card):
        boxes = cards.layout(card.text, style, False)
        return [stroke for box in boxes if box.part not in cards._FOOT for stroke in cards._strokes(box, style)]

    whole = layout = letters_ms = float("inf")
    for _ in range(args.runs):  # (in turn, so that a busy moment of the machine weighs on all alike)
        cards._advances.cache_clear()  # (every letter measured afresh, as in a build)
        whole = min(whole, best_ms(lambda card: cards.draw(card, style), made, 1))
        cards._advances.cache_clear()
        layout = min(layout, best_ms(lambda card: cards.layout(card.text, style, False), made, 1))
        letters_ms = min(letters_ms, best_ms(letters, made, 1))  # (with the layout they are set in)
    png, letters_ms = whole - letters_ms, letters_ms - layout
    size = sum(len(cards.draw(card, style)) for card in made) / len(made)
    print(f"{args.cards} note cards, best of {args.runs} rounds, processor ms a card:")
    print(f"  whole card {whole:.1f}  (layout {layout:.1f}, letters {letters_ms:.1f}, PNG {png:.1f}); {size / 1000:.1f} kB a card")


if __name__ == "__main__":
    main()
