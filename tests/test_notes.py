"""Notes at scale: pagination and topic pages are crawlable under a /repo/ subpath."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from urllib.parse import urljoin
from urllib.request import urlopen

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
from corpus import make_profile  # noqa: E402

from conftest import PageLinks, run_cli  # noqa: E402


def test_paginated_lists_and_topic_pages_crawl_without_a_broken_link(tmp_path, serve_under):
    site = make_profile(tmp_path / "site", 45)
    settings = site / "site.yaml"
    settings.write_text(settings.read_text("utf-8") + "notes:\n  per_page: 10\n", "utf-8")
    run_cli("build", "--source", site, "--base-url", "https://x.github.io/repo/", "-q", check=True)
    built = site / "_site"
    assert (built / "notes" / "page" / "5" / "index.html").is_file()
    assert not (built / "notes" / "page" / "6").exists()
    assert not (built / "notes" / "page" / "1").exists()  # page 1 is /notes/ itself
    base = serve_under(built, "/repo/")
    seen, queue = set(), [base]
    while queue:
        url = queue.pop()
        if url in seen or not url.startswith(base):
            continue
        seen.add(url)
        with urlopen(url) as response:  # raises on 404
            if "html" not in response.headers.get("Content-Type", ""):
                continue
            refs = PageLinks(response.read().decode("utf-8")).refs
        queue.extend(urljoin(url, link).split("#")[0] for link in refs)
    assert base + "notes/page/5/" in seen and base + "topics/participatie/page/2/" in seen
    assert sum("/notes/20" in url for url in seen) == 45  # every note reached through the lists
    second = (built / "notes" / "page" / "2" / "index.html").read_text("utf-8")
    assert re.search(r'rel="prev" href="/repo/notes/"', second) and 'rel="next" href="/repo/notes/page/3/"' in second
