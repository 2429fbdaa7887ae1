"""Each language's strings in two catalogues, so the letters can be reviewed apart from the site.

    manage.py catalogues_split --join     # before makemessages
    manage.py makemessages ...            # as `make messages` runs it
    manage.py catalogues_split            # after it

- the **letters catalogue**, ``privacyreq/letters/locale/<lang>/LC_MESSAGES/django.po``: every
  entry with at least one occurrence in a letter file (``LETTER_FILES`` below, the one list);
- the **interface catalogue**, ``locale/<lang>/LC_MESSAGES/django.po``: every other entry.

makemessages does not know this rule: it sends a file's strings to the nearest ``locale``
directory above it, so every string of ``privacyreq/letters/`` (its forms too) goes to the letters
catalogue and every other one (the letter templates too) to the interface catalogue. Splitting
reads both catalogues of each language, takes the union of their entries (occurrences merged; the
translation kept from whichever has one, an exact one before a fuzzy guess, so nothing becomes
fuzzy that was not), drops the entries no longer in the code (obsolete in both) and writes each
entry to its catalogue by the rule: no msgid (in its context) is ever in both. Each catalogue keeps
its own header (Plural-Forms and the rest).

``--join`` writes that union into *both* catalogues, so that makemessages (msgmerge) finds every
existing translation, and the nearest one as a fuzzy suggestion for a changed string, whichever
catalogue it extracts a string into.
"""

from __future__ import annotations

import fnmatch
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import polib  # type: ignore[import-untyped]  # a dev dependency; needed only here
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

# The files whose strings are the letters' (the documents sent to organisations and authorities),
# relative to the project root: "dir/**" is everything under dir, at any depth; otherwise a file
# name, in which "*" may stand for any part of one name. Folders may be listed before they exist.
LETTER_FILES = (
    "templates/letters/pdf/**",
    "templates/letters/platforms/**",
    "templates/letters/clauses/**",
    "templates/letters/complaint/**",
    "templates/letters/follow_up/**",
    "templates/letters/complaint_form.html",
    "templates/tracking/pdf/**",
    "privacyreq/letters/kinds.py",
    "privacyreq/letters/answer_phrases.py",
    "privacyreq/letters/complaint_sections.py",
    "privacyreq/letters/services.py",
    "privacyreq/letters/routing.py",
    "privacyreq/reference/phrases.py",
    "privacyreq/tracking/escalation_story.py",
)

# Relative to the project root (settings.BASE_DIR); both are in settings.LOCALE_PATHS.
INTERFACE_LOCALE = Path("locale")
LETTERS_LOCALE = Path("privacyreq/letters/locale")

LETTERS_HEADER = (
    "privacyreq: the letters' strings (the documents sent to organisations and authorities).\n"
    "The website interface's strings are in locale/<language>/LC_MESSAGES/django.po.\n"
    "Which strings are here: privacyreq/core/management/commands/catalogues_split.py, "
    "LETTER_FILES."
)

EXACT, FUZZY, EMPTY = 2, 1, 0


def is_letter_file(path: str) -> bool:
    """Whether a file (relative to the project root, as a catalogue's occurrence names it) is
    one of the letters'."""
    parts = path.replace("\\", "/").removeprefix("./").split("/")
    for pattern in LETTER_FILES:
        names = pattern.split("/")
        if names[-1] == "**":
            names = names[:-1]
            if len(parts) > len(names) and all(map(fnmatch.fnmatchcase, parts, names)):
                return True
        elif len(parts) == len(names) and all(map(fnmatch.fnmatchcase, parts, names)):
            return True
    return False


def is_letters_entry(entry: Any) -> bool:
    return any(is_letter_file(path) for path, _line in entry.occurrences)


def catalogue_path(root: Path, locale: Path, code: str) -> Path:
    return root / locale / code / "LC_MESSAGES" / "django.po"


def entry_key(entry: Any) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def translation_quality(entry: Any) -> int:
    if entry.msgid_plural:
        done = bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    else:
        done = bool(entry.msgstr)
    if not done:
        return EMPTY
    return FUZZY if entry.fuzzy else EXACT


def merged_entries(catalogues: Iterable[tuple[Any, bool]]) -> tuple[list[Any], list[str]]:
    """The union of the catalogues' entries still in the code, grouped by the file they first
    occur in, and a line for each msgid given two different exact translations.

    ``catalogues`` pairs each catalogue with whether it is the letters one. Of two different
    exact translations (someone edited both catalogues), the one in the entry's own is kept."""
    found: dict[tuple[str | None, str], list[tuple[Any, bool]]] = {}
    for po, holds_letters in catalogues:
        for entry in po:
            found.setdefault(entry_key(entry), []).append((entry, holds_letters))

    merged, conflicts = [], []
    for key, candidates in found.items():
        live = [entry for entry, _letters in candidates if not entry.obsolete]
        if not live:
            continue  # obsolete everywhere: no longer in the code
        occurrences: list[tuple[str, str]] = []
        for entry in live:
            occurrences += [o for o in entry.occurrences if o not in occurrences]
        home_is_letters = any(is_letter_file(path) for path, _line in occurrences)
        best = max(
            candidates,
            key=lambda c: (translation_quality(c[0]), not c[0].obsolete, c[1] == home_is_letters),
        )[0]
        exact = {
            (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
            for e, _letters in candidates
            if translation_quality(e) == EXACT
        }
        if len(exact) > 1:
            conflicts.append(f"{key[1][:60]!r}: two translations, kept {best.msgstr[:40]!r}")
        template = live[0]
        entry = polib.POEntry(
            msgctxt=template.msgctxt,
            msgid=template.msgid,
            msgid_plural=template.msgid_plural,
            msgstr=best.msgstr,
            msgstr_plural=dict(best.msgstr_plural),
            occurrences=occurrences,
            comment=template.comment,
            tcomment=best.tcomment or template.tcomment,
            flags=[flag for flag in template.flags if flag != "fuzzy"],
        )
        if translation_quality(best) == FUZZY:
            entry.flags.insert(0, "fuzzy")
            entry.previous_msgctxt = best.previous_msgctxt
            entry.previous_msgid = best.previous_msgid
            entry.previous_msgid_plural = best.previous_msgid_plural
        merged.append(entry)
    # Grouped by file as makemessages writes them; in a file, in the order they were found.
    merged.sort(key=lambda entry: entry.occurrences[0][0] if entry.occurrences else "")
    return merged, conflicts


class Command(BaseCommand):
    help = (
        "Split each language's catalogue in two: the letters' strings (those in a letter file, "
        "LETTER_FILES) into privacyreq/letters/locale, the rest into locale. With --join, write "
        "every entry into both instead (before makemessages)."
    )
    requires_system_checks: list[str] = []  # reads and writes catalogues only, like makemessages

    def add_arguments(self, parser):
        parser.add_argument(
            "--join",
            action="store_true",
            help="Write the union of both catalogues into each (before running makemessages).",
        )
        parser.add_argument(
            "-l",
            "--locale",
            action="append",
            default=[],
            help="A language to split (repeatable); every translated language by default.",
        )

    def handle(self, *args, join: bool, locale: list[str], **options):
        root = Path(settings.BASE_DIR)
        codes = locale or [
            code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE
        ]
        for code in codes:
            interface_path = catalogue_path(root, INTERFACE_LOCALE, code)
            letters_path = catalogue_path(root, LETTERS_LOCALE, code)
            if not interface_path.is_file():
                raise CommandError(f"No catalogue {interface_path}")
            interface = polib.pofile(str(interface_path))
            if letters_path.is_file():
                letters = polib.pofile(str(letters_path))
            else:
                letters = polib.POFile()
                letters.header = LETTERS_HEADER
                letters.metadata = dict(interface.metadata)
            entries, conflicts = merged_entries([(interface, False), (letters, True)])
            for line in conflicts:
                self.stderr.write(f"{code}: {line}")

            for po, holds_letters in ((interface, False), (letters, True)):
                kept = [e for e in entries if join or is_letters_entry(e) == holds_letters]
                po[:] = kept  # POFile is a list of entries; header and metadata stay
                po.wrapwidth = 78
                if po is letters:
                    letters_path.parent.mkdir(parents=True, exist_ok=True)
                po.save(str(letters_path if holds_letters else interface_path))
            if options["verbosity"] >= 1:
                in_letters = sum(1 for e in entries if is_letters_entry(e))
                self.stdout.write(
                    f"{code}: {len(entries)} entries"
                    + (
                        " in both catalogues"
                        if join
                        else f", {in_letters} letters, {len(entries) - in_letters} interface"
                    )
                )
