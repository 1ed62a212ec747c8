"""What profilegen says, in the user's language: the standard library's gettext catalogues.

The message ids are the English text with named ``{placeholders}``, filled in with
``str.format`` after translation. The language is chosen once per command (cli.main):
``--ui-lang``, else ``PROFILEGEN_LANG``, else the profile's main language, else the
environment (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), else English. The catalogue (a .mo file
compiled from profilegen/locale/<lang>/LC_MESSAGES/profilegen.po by
``python3 tests/test_messages.py --write``) is read at the first message, not at import:
a command that says nothing does not pay for it. Rule ids, ``file:line:col``, the severity
words and JSON keys are never translated (scripts and editors read them).
"""

from __future__ import annotations

import os

DOMAIN = "profilegen"
LANGUAGES = ("en", "nl")
LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")

_language: str | None = None
_catalogue = None


def supported(code: str | None) -> str | None:
    """The language of ours that a code such as 'nl-BE', 'nl_NL.UTF-8' or 'en' names, or None."""
    if not code:
        return None
    primary = code.replace("_", "-").split(".")[0].split("@")[0].split("-")[0].lower()
    return primary if primary in LANGUAGES else None


def from_environment(environ=os.environ) -> str | None:
    """The language the environment asks for, the way gettext reads it (first variable set wins)."""
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable)
        if value:
            return next((found for part in value.split(":") if (found := supported(part))), None)
    return None


def choose(profile_language: str | None = None, override: str | None = None, environ=os.environ) -> str:
    """Set and return the language of every message from now on (see the module's docstring)."""
    global _language, _catalogue
    _language = (supported(override) or supported(environ.get("PROFILEGEN_LANG"))
                 or supported(profile_language) or from_environment(environ) or "en")
    _catalogue = None
    return _language


def language() -> str:
    """The language messages are in (chosen from the environment if no command chose one)."""
    return _language or choose()


def catalogue():
    """The gettext translations of the chosen language, read once."""
    global _catalogue
    if _catalogue is None:
        import gettext

        _catalogue = gettext.translation(DOMAIN, LOCALE_DIR, languages=[language()], fallback=True)
    return _catalogue


def _(message: str) -> str:
    """``message`` (English, a msgid) in the user's language."""
    return catalogue().gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, in the user's language."""
    return catalogue().ngettext(singular, plural, count)


def N_(message: str) -> str:
    """Marks a message for the catalogue where it is defined; ``_()`` translates it where it is used."""
    return message


# argparse's own messages that profilegen's command line shows (cli.py hands argparse our
# catalogue); their msgids are argparse's, with its %-placeholders.
ARGPARSE = (
    N_("usage: "), N_("options"), N_("positional arguments"), N_("show this help message and exit"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"), N_("unrecognized arguments: %s"),
    N_("the following arguments are required: %s"), N_("expected one argument"),
    N_("expected at least one argument"), N_("argument %(argument_name)s: %(message)s"),
    N_("invalid %(type)s value: %(value)r"), N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("not allowed with argument %s"),
)
