"""/_profilegen/: the LinkedIn text with copy buttons, the check findings, which layers are filled."""

from __future__ import annotations

import html

from profilegen.content import LAYERS


def _esc(text) -> str:
    return html.escape(str(text), quote=True)


def dashboard_page(loaded, error: str | None, language: str | None = None) -> str:
    if loaded is None:
        body = f"<p>No successful build yet.</p><pre>{_esc(error or '')}</pre>"
        return _page("profilegen", body)
    from profilegen.check import run_check
    from profilegen.linkedin import about_renderer, is_empty, linkedin_text

    code = language if language in loaded.profiles else loaded.settings.language
    profile = loaded.profiles[code]
    text = linkedin_text(profile, about_renderer(loaded.theme, loaded.source))
    findings = run_check(loaded).findings
    languages = " ".join(f'<a href="?lang={_esc(c)}"{" aria-current=page" if c == code else ""}>{_esc(c)}</a>'
                         for c in loaded.profiles)
    about = text.about
    rest = about.text[len(about.fold):]
    parts = [f"<p class=langs>Language: {languages}</p>" if len(loaded.profiles) > 1 else ""]
    if error:
        parts.append(f'<section class=error><h2>Build error</h2><pre>{_esc(error)}</pre></section>')
    parts.append(f"""
<section aria-labelledby=h-headline>
  <h2 id=h-headline>Headline <span class=count data-testid=headline-count>{text.headline.length}/{text.headline.limit}</span></h2>
  <textarea id=headline readonly rows=2>{_esc(text.headline.text)}</textarea>
  <button type=button data-copy=headline>Copy headline</button>
</section>
<section aria-labelledby=h-about>
  <h2 id=h-about>About <span class=count data-testid=about-count>{about.length}/{about.limit}</span></h2>
  <div class=preview><span class=before-fold>{_esc(about.fold)}</span><span class=fold aria-label="LinkedIn folds here: …see more"> …see more </span><span class=after-fold>{_esc(rest)}</span></div>
  <textarea id=about readonly hidden>{_esc(about.text)}</textarea>
  <button type=button data-copy=about>Copy About</button>
</section>""")
    if text.warnings:
        parts.append("<ul class=warnings>" + "".join(f"<li>{_esc(w.message)} <code>{_esc(w.rule)}</code></li>"
                                                     for w in text.warnings) + "</ul>")
    rows = "".join(f"<li class={_esc(f.severity)}><code>{_esc(f.file)}{':' + str(f.line) if f.line else ''}</code> "
                   f"{_esc(f.message)} <code>[{_esc(f.rule)}]</code></li>" for f in findings)
    parts.append(f"<section aria-labelledby=h-check><h2 id=h-check>Check ({len(findings)})</h2>"
                 f"<ul class=findings>{rows or '<li>No findings: ready to publish.</li>'}</ul></section>")
    layer_rows = "".join(
        f"<tr><th scope=row>{_esc(name)}</th><td>{'filled' if not is_empty(profile.layer(name)) else ('missing' if profile.layer(name) is None else 'example text')}</td></tr>"
        for name in LAYERS)
    parts.append(f"<section aria-labelledby=h-layers><h2 id=h-layers>Layers</h2><table>{layer_rows}</table></section>")
    return _page(f"profilegen · {profile.author.name}", "".join(parts))


def _page(title: str, body: str) -> str:
    return f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{_esc(title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>
body{{font:16px/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#1f2328}}
textarea{{width:100%;font:inherit}} .count{{font-weight:400;color:#57606a;font-size:1rem}}
.preview{{white-space:pre-wrap;border:1px solid #d8dde3;border-radius:8px;padding:1rem;max-height:24rem;overflow:auto}}
.fold{{background:#fff3bf;color:#5c4400;font-size:.85em;border:1px dashed #b08800;padding:0 .25rem}}
.error pre{{background:#8b1a1a;color:#fff;padding:1rem;white-space:pre-wrap}} li.error{{color:#8b1a1a}}
button{{font:inherit;padding:.4rem .9rem;margin:.5rem 0}} table{{border-collapse:collapse}} th,td{{padding:.2rem .8rem .2rem 0;text-align:left}}
</style></head><body><main><h1>{_esc(title)}</h1>{body}</main>
<script>
document.querySelectorAll('[data-copy]').forEach(function (button) {{
  button.addEventListener('click', function () {{
    var text = document.getElementById(button.dataset.copy).value;
    navigator.clipboard.writeText(text).then(function () {{ button.textContent = 'Copied'; }});
  }});
}});
</script></body></html>"""
