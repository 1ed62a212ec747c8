"""focus.off-topic: notes that are about none of your own themes dilute what you stand for."""

from __future__ import annotations

import re
from typing import Iterator

from profilegen.check import WARNING, Finding, Scan, rule
from profilegen.messages import _


@rule("focus.off-topic")
def off_topic(scan: Scan) -> Iterator[Finding]:
    page, topics = scan.page, set(scan.profile.topics)
    if page.kind != "note" or not topics or set(page.tags) & topics:
        return
    match = re.search(r"(?m)^tags\s*:", scan.text)
    offset = match.start() if match else 0
    tags = ", ".join(page.tags) or "none"
    yield scan.finding(offset, "focus.off-topic", WARNING,
                       _("this note's tags ({tags}) are none of your topics ({topics})").format(tags=tags, topics=', '.join(scan.profile.topics)),
                       _("tag it with one of your topics if it is about one, or ask yourself whether it fits "
                       "your profile; add the theme to topics in site.yaml if it is yours"))
