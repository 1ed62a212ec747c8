"""What a template may read of the pages it does not render: a declared view of each page.

A page is rendered again only when something its template can read has changed (render.py
keys every output on it). Its own page, and the bodies it shows, are keyed by their file's
digest; every other page reaches a template only as a PageView, whose fields are all in the
key of every output. A template override that reads another page's body or word count finds
no such field, rather than a value that a later build could leave stale.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import math
from dataclasses import dataclass
from typing import Any

from profilegen.model import Page, PageAddress, Profile


def reading_minutes(page: Page, words_per_minute: int) -> int:
    return max(1, math.ceil((page.words or len(page.body.split())) / words_per_minute))


@dataclass(frozen=True)
class PageView(PageAddress):
    """A page as other pages' templates see it (the theme API lists these fields)."""

    kind: str
    source: str
    url: str
    title: str
    summary: str | None
    layer: str | None
    order: int
    date: dt.date | None
    updated: dt.date | None
    tags: tuple[str, ...]
    draft: bool
    extra: dict[str, Any]
    key: str
    lang: str
    is_placeholder: bool
    reading_minutes: int

    @classmethod
    def of(cls, page: Page, words_per_minute: int) -> "PageView":
        return cls(page.kind, page.source, page.url, page.title, page.summary, page.layer, page.order,
                   page.date, page.updated, page.tags, page.draft, page.extra, page.key, page.lang,
                   page.is_placeholder, reading_minutes(page, words_per_minute))

    def signature(self) -> tuple:
        """Every field, for the digest that keys the outputs."""
        return tuple(getattr(self, f.name) for f in dataclasses.fields(self))


def profile_view(profile: Profile) -> tuple[Profile, dict[str, PageView]]:
    """The profile with every page replaced by its view (Profile's methods work on both), and
    the views by source."""
    speed = profile.settings.notes.words_per_minute
    views = {page.source: PageView.of(page, speed) for page in profile.all_pages}

    def viewed(pages: tuple[Page, ...]) -> tuple:
        return tuple(views[page.source] for page in pages)

    return dataclasses.replace(profile, layers=viewed(profile.layers), notes=viewed(profile.notes),
                               pages=viewed(profile.pages), by_source=dict(views)), views


def minutes_helper(speed: int):
    """`reading_minutes(page)` for templates: a view knows its minutes; the own page counts them."""
    def minutes(page) -> int:
        return page.reading_minutes if isinstance(page, PageView) else reading_minutes(page, speed)
    return minutes
