"""Photos under static/: where they were taken, and how heavy they are (issue 16).

Only each file's header and metadata are read (images.recorded), never the picture: a check
of a profile with twenty 4 MB phone photos reads a few kilobytes of each.
"""

from __future__ import annotations

from typing import Iterator

from profilegen.check import WARNING, Finding
from profilegen.messages import _

HEAVY_BYTES = 1_000_000  # over this, a photo is slow on a phone


def photo_findings(loaded) -> Iterator[Finding]:
    """privacy.photo-location and images.heavy, for the site's own static/ photos."""
    from profilegen.images import is_photo, published_as_is, recorded
    from profilegen.render import STATIC_DIR, static_files

    own = (loaded.source / STATIC_DIR).resolve()
    kept = loaded.settings.images.publish_as_is
    for path, file in static_files(loaded.source, loaded.theme).items():
        if not is_photo(path) or not file.resolve().is_relative_to(own):
            continue
        shown = f"{STATIC_DIR}/{path}"
        found = recorded(file)
        if found is not None and found.gps:
            if published_as_is(path, kept):
                yield Finding(shown, None, None, "privacy.photo-location", WARNING,
                              _("this photo records where it was taken (GPS), and images.publish_as_is publishes "
                              "it with that"), _("take it out of images.publish_as_is, or remove the location "
                              "with your photo app"))
            else:
                yield Finding(shown, None, None, "privacy.photo-location", WARNING,
                              _("this photo records where it was taken (GPS); the site publishes it without that, "
                              "but the original in static/ still holds it"),
                              _("remove the location with your photo app before you share the original"))
        size = file.stat().st_size
        if size > HEAVY_BYTES:
            yield Finding(shown, None, None, "images.heavy", WARNING,
                          _("this photo is {value:.1f} MB: slow to load on a phone").format(value=size / 1000000),
                          _("save it smaller (about 1600 px wide is sharp on a laptop)"))
