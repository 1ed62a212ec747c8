"""content.placeholder: a file that still holds init's or an import's guiding text.

init writes an example note and guiding questions, an import a first draft from a CV; both
carry the marker `<!-- profilegen: placeholder … -->` until the person has made the text
their own. Until then it is published as it is: on the site, in the feed, in the JSON Resume
export and in a LinkedIn post draft. A warning, so a build still goes ahead.
"""

from __future__ import annotations

from typing import Iterator

from profilegen.check import WARNING, Finding, Scan, rule
from profilegen.messages import _

MARKER = "<!-- profilegen: placeholder"


def placeholder_line(page) -> int | None:
    """The file line of a page's placeholder marker, or None."""
    at = page.body.find(MARKER)
    return None if at == -1 else page.body_line + page.body.count("\n", 0, at)


@rule("content.placeholder")
def placeholder(scan: Scan) -> Iterator[Finding]:
    if scan.where != "text" or MARKER not in scan.page.body:
        return
    at = scan.text.find(MARKER)
    if at == -1:  # (inside code: an example of the marker, not the marker)
        return
    what = _("an import's first draft") if "imported" in scan.text[at:scan.text.find("\n", at)] else \
        _("init's example text")
    yield scan.finding(at, "content.placeholder", WARNING,
                       _("this is still {what}: it is published as it is, on the site, in the feed, "
                       "in the JSON Resume export and in a LinkedIn post draft").format(what=what),
                       _("write it in your own words, then remove this placeholder line (or delete the file)"))
