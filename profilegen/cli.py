"""The command line: parse arguments, run a command, map failures to exit codes in one place.

Exit codes: 0 success, 1 the user's content or settings are wrong (or --strict warnings),
2 wrong command-line usage, 3 a bug in profilegen.
"""

from __future__ import annotations

import argparse
import gc
import os
import sys
import time
from pathlib import Path

from profilegen import __version__
from profilegen.errors import Problem, UsageError, UserError
from profilegen.messages import LANGUAGES, _, ngettext

ISSUES_URL = "https://github.com/profilegen/profilegen/issues"
EXIT_OK, EXIT_USER, EXIT_USAGE, EXIT_BUG = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # one line, our shape, exit 2
        self.print_usage(sys.stderr)
        print(f"profilegen: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _common(parser: argparse.ArgumentParser, *, source: bool = True) -> None:
    if source:
        parser.add_argument("--source", metavar="DIR", type=Path, default=Path("."),
                            help=_("the profile's folder, with site.yaml and content/ (default: here)"))
    parser.add_argument("-q", "--quiet", action="store_true", help=_("print only warnings and errors"))
    parser.add_argument("--debug", action="store_true", help=_("show a traceback for internal errors"))
    parser.add_argument("--ui-lang", choices=LANGUAGES, default=argparse.SUPPRESS,
                        help=_("the language profilegen speaks (default: the profile's language)"))


def _port(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if not 1 <= number <= 65535:
        raise argparse.ArgumentTypeError(_("'{text}' is not a port: give a number from 1 to 65535, e.g. 8000").format(text=text))
    return number


def make_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="profilegen", description=_("Build a multilayered professional profile: "
                     "a static site, LinkedIn text and a think-before-you-publish check."))
    parser.add_argument("--version", action="version", version=f"profilegen {__version__}",
                        help=_("show program's version number and exit"))
    parser.add_argument("--ui-lang", choices=LANGUAGES,
                        help=_("the language profilegen speaks (default: the profile's language)"))
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    init = commands.add_parser("init", help=_("start a new profile with guiding example text"),
                               description=_("Create a new profile in DIR (default: here). DIR must be "
                               "empty or not exist yet; nothing is overwritten."))
    init.add_argument("directory", metavar="DIR", nargs="?", type=Path, default=Path("."))
    init.add_argument("--lang", choices=["nl", "en"], default="nl", help=_("language of the example text"))
    init.add_argument("--install", metavar="SPEC", help=_("what the publishing workflow installs with pip "
                      "(default: this version, profilegen=={version}; or e.g. "
                      "git+https://github.com/profilegen/profilegen@main, or a wheel's path)").format(version=__version__))
    _common(init, source=False)

    build = commands.add_parser("build", help=_("build the site"),
                                description=_("Build the static site into the output folder (site.yaml "
                                "'output', default _site/). The previous site stays as it was unless "
                                "the build succeeds."))
    build.add_argument("--output", metavar="DIR", type=Path, help=_("build into DIR instead"))
    build.add_argument("--base-url", metavar="URL", help=_("override base_url, e.g. for a preview deploy"))
    build.add_argument("--drafts", action="store_true", help=_("include files with draft: true"))
    build.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))
    _common(build)

    new = commands.add_parser("new", help=_("create a new note"), description=_("Create a new content file "
                              "with today's date and front matter, ready to write."))
    new.add_argument("kind", choices=["note"], help=_("what to create"))
    new.add_argument("title", metavar="TITLE", help=_("the note's title, in quotes"))
    new.add_argument("--lang", help=_("the note's language (default: the site's language)"))
    _common(new)

    linkedin = commands.add_parser("linkedin", help=_("headline and About text for LinkedIn, with counts"),
                                   description=_("Print a LinkedIn headline (max 220 characters) and About "
                                   "section (max 2,600) made from your profile, as plain text ready to paste."))
    linkedin.add_argument("--lang", help=_("the language of the text (default: the site's language)"))
    linkedin.add_argument("--format", choices=["text", "json"], default="text")
    linkedin.add_argument("--strict", action="store_true", help=_("exit 1 when there is any warning"))
    linkedin.add_argument("--note", metavar="FILE", type=Path,
                          help=_("write a post draft (max 3,000) from this note instead"))
    linkedin.add_argument("--force", action="store_true",
                          help=_("draft a post from a note that is still init's example or an import's draft"))
    _common(linkedin)

    check = commands.add_parser("check", help=_("think before you publish: privacy, tone, spelling, layers, focus, limits"),
                                description=_("Review the profile before it goes online: phone numbers, "
                                "addresses and other private data (errors), dismissive wording, unknown words, missing "
                                "layers, notes off your topics, LinkedIn limits, broken links (warnings)."))
    check.add_argument("--format", choices=["text", "json"], default="text")
    check.add_argument("--strict", action="store_true", help=_("exit 1 on warnings too"))
    check.add_argument("--learn", metavar="WORD", nargs="+", help=_("add these words to check.words_known in "
                       "site.yaml (names, places, jargon the spelling check should know), then check"))
    _common(check)

    serve = commands.add_parser("serve", help=_("preview the site; it rebuilds and reloads on save"),
                                description=_("Build the site into a temporary folder and serve it on this "
                                "computer; every save rebuilds it and the browser reloads by itself. "
                                "A dashboard at /_profilegen/ shows the LinkedIn text and the check."))
    serve.add_argument("--host", default="127.0.0.1", help=_("address to listen on (default: 127.0.0.1, "
                       "this computer only)"))
    serve.add_argument("--port", type=_port, default=8000, help=_("port to listen on, 1-65535 (default: 8000)"))
    serve.add_argument("--no-open", action="store_true", help=_("do not open a browser"))
    _common(serve)

    importer = commands.add_parser("import", help=_("start a profile from a LinkedIn export or a JSON Resume"),
                                   description=_("Write a new profile into DIR (empty or new) from your data. "
                                   "Private fields (address, birth date, phone, e-mail, connections) are left out."))
    importer.add_argument("format", choices=["linkedin", "jsonresume"], help=_("what FILE is"))
    importer.add_argument("file", metavar="FILE", type=Path, help=_("the LinkedIn export .zip, or resume.json"))
    importer.add_argument("directory", metavar="DIR", nargs="?", type=Path, default=Path("."))
    importer.add_argument("--lang", choices=["nl", "en"], default="nl", help=_("language of the new profile"))
    _common(importer, source=False)

    export = commands.add_parser("export", help=_("the profile as a JSON Resume"),
                                 description=_("Write the profile as a JSON Resume document (jsonresume.org)."))
    export.add_argument("format", choices=["jsonresume"])
    export.add_argument("-o", "--output", metavar="FILE", type=Path, help=_("write to FILE instead of the screen"))
    export.add_argument("--lang", help=_("the language to export (default: the site's language)"))
    _common(export)

    cv = commands.add_parser("cv", help=_("write the CV as a PDF"),
                             description=_("Write the CV (the PDF that every build puts at cv.pdf) to FILE, "
                             "default cv.pdf here (cv-<lang>.pdf for another language). A cv.pdf that "
                             "profilegen did not make is never overwritten without -o."))
    cv.add_argument("-o", "--output", metavar="FILE", type=Path, help=_("write to FILE (replaced if it exists)"))
    cv.add_argument("--lang", help=_("the CV's language (default: the site's language)"))
    _common(cv)

    schema = commands.add_parser("schema", help=_("print the JSON Schema of site.yaml, of front matter or of a card.yaml"),
                                 description=_("Print a JSON Schema (draft 2020-12) for editors."))
    schema.add_argument("which", nargs="?", choices=["site", "front-matter", "card"], default="site")
    _common(schema, source=False)
    return parser


_ran: str | None = None  # the command main() ran, for entry()

# The commands that run on a profile (--source, default here): they speak its language.
_ON_A_PROFILE = {"build", "new", "linkedin", "check", "serve", "export", "cv"}


def _choose_language(argv: list[str]) -> None:
    """Choose the language of every message before the parser (and its --help) is made.

    The profile's main language is read from site.yaml's top-level ``language:`` line, without
    YAML (the settings are loaded, and checked, later by the command itself)."""
    import argparse as _argparse

    from profilegen import messages

    override, source, command, index = None, ".", None, 0
    while index < len(argv):
        word = argv[index]
        name, equals, value = word.partition("=")
        if name in ("--ui-lang", "--source"):
            if not equals:
                index += 1
                value = argv[index] if index < len(argv) else ""
            override, source = (value, source) if name == "--ui-lang" else (override, value)
        elif command is None and not word.startswith("-"):
            command = word
        index += 1
    profile_language = None
    if command in _ON_A_PROFILE or command is None:
        import re

        try:
            text = (Path(source) / "site.yaml").read_text(encoding="utf-8", errors="replace")
        except (OSError, ValueError):
            text = ""
        if found := re.search(r"""^language:[ \t]*["']?([A-Za-z]{2,3}(?:[-_][A-Za-z0-9]+)?)""", text, re.M):
            profile_language = found[1]
    messages.choose(profile_language, override)
    # argparse's own words (usage:, options, invalid choice…) come from our catalogue too.
    _argparse._ = messages._
    _argparse.ngettext = messages.ngettext


def main(argv: list[str] | None = None) -> int:
    _choose_language(sys.argv[1:] if argv is None else argv)
    parser = make_parser()
    args = parser.parse_args(argv)
    if not args.command:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    global _ran
    _ran = args.command
    if args.command != "serve":
        # A one-shot command frees its objects by reference counting; the cyclic collector
        # would only walk the growing model again and again (a tenth of a big build's time,
        # with the same peak memory at 10,000 notes). The preview server, long-lived, keeps it.
        gc.disable()
    try:
        return _COMMANDS[args.command](args)
    except UsageError as exc:
        _print_problems(exc.problems)
        return EXIT_USAGE
    except UserError as exc:
        _print_problems(exc.problems, grouped=getattr(exc, "grouped", False))
        return EXIT_USER
    except KeyboardInterrupt:
        print(_("profilegen: interrupted"), file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: say so, and where to report it
        if getattr(args, "debug", False):
            import traceback

            traceback.print_exc()
        print(f"profilegen: internal error: {type(exc).__name__}: {exc}\n" +
              (_("This is a bug in profilegen {version}, not in your profile. Please report it at "
                 "{url} with the command you ran.") if getattr(args, "debug", False) else
               _("This is a bug in profilegen {version}, not in your profile. Please report it at "
                 "{url} with the command you ran and the output of the same command with --debug."))
              .format(version=__version__, url=ISSUES_URL),
              file=sys.stderr)
        return EXIT_BUG


def entry() -> None:
    """The `profilegen` command: main(), then leave without tearing the interpreter down.

    A one-shot command's last act would otherwise be freeing every object of the model one
    by one (50 ms after a build of 10,000 notes) just before the operating system takes the
    whole process back anyway. Output is flushed first; every file profilegen writes is
    closed (and renamed into place) inside main(). The preview server exits normally.
    """
    code = main()
    if _ran not in (None, "serve"):
        try:
            sys.stdout.flush()
            sys.stderr.flush()
        except BrokenPipeError:  # `profilegen linkedin | head`: nothing more to say
            pass
        os._exit(code)
    sys.exit(code)


def _print_problems(problems: list[Problem], *, grouped: bool = False) -> None:
    """Problems one a line; ``grouped``: each once, per file with its count (the build's findings)."""
    if grouped and problems:
        from profilegen.check import grouped_lines

        print("\n".join(grouped_lines(problems)), file=sys.stderr)
        return
    for problem in problems:
        print(problem, file=sys.stderr)


def _info(args, message: str) -> None:
    if not args.quiet:
        print(message)


def _cmd_build(args) -> int:
    from profilegen.build import build
    from profilegen.config import output_path_problem

    if args.output is not None and (problem := output_path_problem(args.output)):
        from profilegen.schema import shown

        raise UsageError(Problem("--output", None, None, f"{shown(str(args.output))} {problem}"))
    started = time.perf_counter()
    result = build(args.source, output=args.output, base_url=args.base_url, drafts=args.drafts,
                   strict=args.strict, on_wait=lambda message: print(f"profilegen: {message}", file=sys.stderr, flush=True))
    _print_problems(result.warnings, grouped=True)
    try:
        shown = result.output.relative_to(args.source.resolve())
    except ValueError:
        shown = result.output
    _info(args, ngettext("Built {pages} page into {folder}/ in {seconds} s", "Built {pages} pages into {folder}/ in {seconds} s",
                         result.pages).format(pages=result.pages, folder=shown, seconds=f"{time.perf_counter() - started:.2f}"))
    return EXIT_OK


def _cmd_init(args) -> int:
    from profilegen.scaffold import create_profile

    written = create_profile(args.directory, language=args.lang, install=args.install)
    where = args.directory
    _info(args, _("Created a new profile in {where}/ ({count} files).\n"
                  "Next: open {where}/content/ and answer the questions in each file, set base_url in "
                  "{where}/site.yaml, then run 'profilegen build' in {where}/.").format(where=where, count=len(written)))
    return EXIT_OK


def _cmd_new(args) -> int:
    from profilegen.config import load_settings
    from profilegen.scaffold import create_note

    settings = load_settings(args.source)
    language = args.lang or settings.language
    if language != settings.language:
        raise UsageError(Problem("--lang", None, None, _("'{language}' is not a language of this site "
                                 "(site.yaml has language: {main})").format(language=language, main=settings.language)))
    path = create_note(args.source, args.title, language=language, topics=list(settings.topics))
    _info(args, _("Created {file}").format(file=path.relative_to(args.source).as_posix() if not path.is_absolute() else path))
    return EXIT_OK


def _cmd_linkedin(args) -> int:
    import json

    from profilegen.build import load_profile
    from profilegen.linkedin import about_renderer, compose_post, linkedin_text

    # A post may be drafted from a note that is still a draft; the About uses published text only.
    loaded = load_profile(args.source, drafts=args.note is not None)
    profile = loaded.profile_for(args.lang)
    if args.note is not None:
        note = _note_of(args, profile)
        if note.is_placeholder and not args.force:
            from profilegen.check.placeholders import placeholder_line

            raise UserError(Problem(note.source, placeholder_line(note), 1,
                                    _("this note still holds the placeholder line of init's example or an import's "
                                    "draft: a post of it would publish text that is not yours yet; write it in "
                                    "your own words and remove the line, or pass --force to draft it anyway")))
        post, warnings = compose_post(profile, note)
        if args.format == "json":
            print(json.dumps({"language": profile.language, "post": post.as_json(),
                              "warnings": [{"rule": w.rule, "message": w.message} for w in warnings]},
                             ensure_ascii=False, indent=2))
        else:
            _print_text(_("Post"), post, fold_label=_("see more"))
        return _linkedin_exit(args, warnings)
    result = linkedin_text(profile, about_renderer(loaded.theme, loaded.source))
    if args.format == "json":
        print(json.dumps(result.as_json(), ensure_ascii=False, indent=2))
    else:
        _print_text(_("Headline"), result.headline)
        print()
        _print_text(_("About"), result.about, fold_label=_("see more"))
    return _linkedin_exit(args, result.warnings)


def _note_of(args, profile):
    """The note --note names: a file of content/…/notes/, given from the profile's folder or from here."""
    note, source = args.note, args.source.resolve()
    notes = f"content/{profile.home_url}notes/"
    candidates = [note] if note.is_absolute() else [args.source / note, note]
    path = next((c for c in candidates if c.exists()), None)
    if path is None:
        raise UserError(Problem("--note", None, None, _("'{note}' does not exist (notes are files in {notes})").format(note=note, notes=notes)))
    if path.is_dir():
        raise UserError(Problem("--note", None, None, _("'{note}' is a folder; give one note in it, "
                                "e.g. --note {notes}<date>-<title>.md").format(note=note, notes=notes)))
    real = path.parent.resolve() / path.name  # (a note may be a link; its folder is what places it)
    if source not in real.parents:
        raise UserError(Problem("--note", None, None, _("'{note}' is outside this profile ({source}); "
                                "give a note in {notes}").format(note=note, source=source, notes=notes)))
    wanted = real.relative_to(source).as_posix()
    found = next((p for p in profile.notes if p.source == wanted), None)
    if found is None:
        raise UserError(Problem("--note", None, None, _("'{note}' is not a note of this profile in "
                                "'{language}' (notes are files in {notes})").format(note=note, language=profile.language, notes=notes)))
    return found


def _print_text(label: str, text, fold_label: str = "") -> None:
    """A LinkedIn text with its count, and a marker where '…see more' cuts it off."""
    print(f"{label} ({text.length}/{text.limit})")
    print("─" * 60)
    body = text.text
    if fold_label and text.fold != body:
        rest = body[len(text.fold):].lstrip(" ")
        body = f"{text.fold}\n- - - - - - - - - - - - - - - - …{fold_label} - - - -\n{rest}"
    print(body)


def _linkedin_exit(args, warnings) -> int:
    for warning in warnings:
        place = warning.file + (f":{warning.line}" if warning.line else "")
        print(f"{place}: {'error' if args.strict else 'warning'}: {warning.message} [{warning.rule}]",
              file=sys.stderr)
    return EXIT_USER if args.strict and warnings else EXIT_OK


def _cmd_check(args) -> int:
    import json
    from itertools import groupby

    from profilegen.build import load_profile
    from profilegen.check import run_check

    if args.learn:
        from profilegen.check.spelling import learn

        learned = learn(args.source, args.learn)
        message = (_("Learned {words}: added to check.words_known in site.yaml.").format(words=", ".join(learned)) if learned
                   else _("Already known: check.words_known in site.yaml has these words."))
        if not args.quiet:  # (on stderr with --format json, which keeps stdout for the JSON)
            print(message, file=sys.stderr if args.format == "json" else sys.stdout)
    result = run_check(load_profile(args.source))
    if args.format == "json":
        print(json.dumps([f.as_json() for f in result.findings], ensure_ascii=False, indent=2))
    else:
        for file, findings in groupby(result.findings, key=lambda f: f.file):
            for finding in findings:
                print(finding)
                if finding.suggestion:
                    print(_("    suggestion: {suggestion}").format(suggestion=finding.suggestion))
        errors, warnings = len(result.errors), len(result.warnings)
        files = len({f.file for f in result.findings})
        if not result.findings:
            _info(args, _("No findings: nothing private, no dismissive wording, every layer filled. Ready to publish."))
        else:
            print(_("{errors}, {warnings} in {files}").format(
                errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
                warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
                files=ngettext("{count} file", "{count} files", files).format(count=files)))
    failed = result.errors or (args.strict and result.warnings)
    return EXIT_USER if failed else EXIT_OK


def _cmd_serve(args) -> int:
    from profilegen.serve import serve

    return serve(args.source, host=args.host, port=args.port, open_browser=not args.no_open, quiet=args.quiet)


def _cmd_import(args) -> int:
    from profilegen.importers import write_profile
    from profilegen.scaffold import refuse_non_empty

    refuse_non_empty(args.directory, "import")  # before reading anything; and nothing is written on any error
    if args.format == "linkedin":
        from profilegen.importers.linkedin import read_linkedin_export

        result = read_linkedin_export(args.file, language=args.lang)
    else:
        from profilegen.importers.jsonresume import read_json_resume

        result = read_json_resume(args.file)
    written = write_profile(result, args.directory, language=args.lang)
    _print_problems(result.warnings)
    _info(args, _("Created a profile in {folder}/ from {file} ({count} files).").format(
        folder=args.directory, file=args.file.name, count=len(written)))
    if result.left_out:
        print(_("Left out on purpose, so nothing private is published:"), file=sys.stderr if args.quiet else sys.stdout)
        for line in result.left_out:
            print(f"  - {line}", file=sys.stderr if args.quiet else sys.stdout)
    _info(args, _("Next: read content/stand.md (your summary, as a first draft) and the files that still ask "
                  "questions, then run 'profilegen check' and 'profilegen build'."))
    return EXIT_OK


def _cmd_export(args) -> int:
    import json

    from profilegen.build import load_profile
    from profilegen.exporters.jsonresume import to_json_resume
    from profilegen.scaffold import write_file

    if args.output is not None and args.output.is_dir():  # before the profile is read: a quick answer
        raise UserError(Problem("-o", None, None, _("'{output}' is a folder; give a file name, "
                                "e.g. -o {example}").format(output=args.output, example=args.output / 'resume.json')))
    if args.output is not None and not args.output.parent.is_dir():
        raise UserError(Problem("-o", None, None, _("the folder '{folder}' does not exist; "
                                "make it first, or write the file elsewhere").format(folder=args.output.parent)))
    profile = load_profile(args.source).profile_for(args.lang)
    text = json.dumps(to_json_resume(profile), ensure_ascii=False, indent=2) + "\n"
    if args.output:
        write_file(args.output, text, shown=f"-o {args.output}", overwrite=True)  # whole, or not at all
        _info(args, _("Wrote {file}").format(file=args.output))
    else:
        sys.stdout.write(text)
    return EXIT_OK


def _cmd_cv(args) -> int:
    from profilegen.build import check_before_publishing, load_profile
    from profilegen.cv import cv_pdf, made_by_profilegen
    from profilegen.scaffold import write_file

    if args.output is not None and args.output.is_dir():  # (before the profile is read: a quick answer)
        raise UserError(Problem("-o", None, None, _("'{output}' is a folder; give a file name, "
                                "e.g. -o {example}").format(output=args.output, example=args.output / 'cv.pdf')))
    loaded = load_profile(args.source)
    profile = loaded.profile_for(args.lang)
    target = args.output or Path("cv.pdf" if not profile.home_url else f"cv-{profile.language}.pdf")
    if args.output is None and target.is_file() and not made_by_profilegen(target):
        raise UserError(Problem(str(target), None, None, _("a file of this name is here already, and profilegen "
                                "did not make it; give another name with -o FILE (or -o "
                                "{target} to replace it)").format(target=target)))
    check_before_publishing(loaded)  # privacy errors stop it, as they stop a build ('check' tells the rest)
    write_file(target, cv_pdf(loaded, profile.language), shown=str(target), overwrite=True)
    _info(args, _("Wrote {file}").format(file=target))
    return EXIT_OK


def _cmd_schema(args) -> int:
    import json

    from profilegen.config import SCHEMA_URL, Settings
    from profilegen.content import FrontMatter
    from profilegen.schema import json_schema

    if args.which == "site":
        schema = json_schema(Settings, "profilegen site.yaml", SCHEMA_URL)
    elif args.which == "card":
        from profilegen.cards import CardLayout

        schema = json_schema(CardLayout, "profilegen share card (card.yaml)",
                             SCHEMA_URL.replace("site.schema", "card.schema"))
    else:
        schema = json_schema(FrontMatter, "profilegen front matter",
                             SCHEMA_URL.replace("site.schema", "front-matter.schema"))
    print(json.dumps(schema, indent=2, ensure_ascii=False))
    return EXIT_OK


_COMMANDS = {"build": _cmd_build, "check": _cmd_check, "init": _cmd_init, "linkedin": _cmd_linkedin,
             "new": _cmd_new, "schema": _cmd_schema, "serve": _cmd_serve, "import": _cmd_import,
             "export": _cmd_export, "cv": _cmd_cv}

if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
