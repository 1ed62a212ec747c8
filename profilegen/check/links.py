"""links.broken and a11y.image-alt, from the same link rule the build uses (markdown.py)."""

from __future__ import annotations

from typing import Iterator

from profilegen.check import WARNING, Finding, Scan, rule
from profilegen.markdown import broken_link_message
from profilegen.messages import _


@rule("links.broken")
def broken(scan: Scan) -> Iterator[Finding]:
    report = scan.links()
    for line, href in report.broken:
        yield Finding(scan.page.source, scan.page.body_line + (line or 1) - 1, None, "links.broken", WARNING,
                      broken_link_message(href),
                      _("check the file name; link to content files by their name, e.g. [my vision](vision.md)"))


@rule("a11y.image-alt")
def image_alt(scan: Scan) -> Iterator[Finding]:
    body = scan.page.body
    if "![" not in body and not ("<" in body and "<img" in body.lower()):  # (no image: nothing to render)
        return
    for line, src in scan.links().images_without_alt:
        yield Finding(scan.page.source, scan.page.body_line + (line or 1) - 1, None, "a11y.image-alt", WARNING,
                      _("the image '{src}' has no description, so people who cannot see it miss what it shows").format(src=src),
                      _("write what the image shows between the brackets: ![a chart of …](/images/x.png)"))
