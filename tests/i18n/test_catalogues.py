"""The translation catalogues are complete, current and split in two per language (README.md,
"Languages"): extracting the strings again from the code (as `make messages` does) leaves no new,
changed (fuzzy) or empty entry in either catalogue of any language; the letters catalogue holds
exactly the strings of the letter files, the interface catalogue the rest, none in both."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

from privacyreq.core.management.commands.catalogues_split import (
    INTERFACE_LOCALE,
    LETTERS_LOCALE,
    catalogue_path,
    is_letter_file,
    is_letters_entry,
)
from privacyreq.letters.choices import LANGUAGES

ROOT = Path(settings.BASE_DIR)
TRANSLATED = [code for code in LANGUAGES if code != "en"]
IGNORES = ["--ignore=.venv", "--ignore=node_modules", "--ignore=staticfiles"]
LOCALES = {"interface": INTERFACE_LOCALE, "letters": LETTERS_LOCALE}
EVERY_CATALOGUE = [(code, which) for code in TRANSLATED for which in LOCALES]


def catalogue(root: Path, code: str, which: str = "interface") -> polib.POFile:
    return polib.pofile(str(catalogue_path(root, LOCALES[which], code)))


def key(entry: polib.POEntry) -> tuple[str | None, str]:
    return (entry.msgctxt, entry.msgid)


def manage(cwd: Path, *args: str) -> None:
    subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "manage.py", *args],
        cwd=cwd,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "makemessages-only"},
    )


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the code and catalogues, with the strings extracted again into the copy as
    `make messages` does it: join both catalogues, makemessages, split them again."""
    copy = tmp_path_factory.mktemp("messages")
    for name in ("privacyreq", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    manage(copy, "catalogues_split", "--join")
    manage(
        copy,
        "makemessages",
        "--add-location=file",
        *[f"--locale={code}" for code in TRANSLATED],
        *IGNORES,
    )
    manage(copy, "catalogues_split")
    return copy


def test_the_same_languages_everywhere():
    assert [code for code, _name in settings.LANGUAGES] == list(LANGUAGES)
    for code, which in EVERY_CATALOGUE:
        assert catalogue_path(ROOT, LOCALES[which], code).is_file(), (code, which)


def test_both_catalogues_come_before_every_installed_apps():
    # LOCALE_PATHS win over the apps' catalogues (Django's admin translates "Save" its own way);
    # the interface's first, where makemessages writes what it finds outside an app's locale.
    assert [Path(path) for path in settings.LOCALE_PATHS] == [
        ROOT / INTERFACE_LOCALE,
        ROOT / LETTERS_LOCALE,
    ]


@pytest.mark.parametrize(("code", "which"), EVERY_CATALOGUE)
def test_makemessages_leaves_no_fuzzy_empty_or_new_entry(extracted, code, which):
    po = catalogue(extracted, code, which)
    assert len(po) > 100  # the extraction did find our strings
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    empty = [entry.msgid for entry in po.untranslated_entries()]
    assert not fuzzy, f"{code} {which}: fuzzy after makemessages: {fuzzy[:5]}"
    assert not empty, f"{code} {which}: untranslated: {empty[:5]}"
    committed = {key(entry) for entry in catalogue(ROOT, code, which) if not entry.obsolete}
    new = {key(entry) for entry in po} - committed
    assert not new, f"{code} {which}: missing from the committed catalogue: {sorted(new)[:5]}"
    gone = committed - {key(entry) for entry in po}
    assert not gone, (
        f"{code} {which}: no longer in the code (run make messages): {sorted(gone)[:5]}"
    )


@pytest.mark.parametrize("code", TRANSLATED)
def test_no_msgid_in_both_catalogues(code):
    interface = {key(entry) for entry in catalogue(ROOT, code, "interface")}
    letters = {key(entry) for entry in catalogue(ROOT, code, "letters")}
    assert len(letters) > 100
    assert not interface & letters, sorted(interface & letters)[:5]


@pytest.mark.parametrize("code", TRANSLATED)
def test_letters_catalogue_has_exactly_the_letter_files_strings(code):
    letters = catalogue(ROOT, code, "letters")
    interface = catalogue(ROOT, code, "interface")
    assert all(entry.occurrences for entry in [*letters, *interface])
    misplaced = [entry.msgid for entry in letters if not is_letters_entry(entry)]
    assert not misplaced, f"{code}: in the letters catalogue, in no letter file: {misplaced[:5]}"
    misplaced = [entry.msgid for entry in interface if is_letters_entry(entry)]
    assert not misplaced, f"{code}: in the interface catalogue, in a letter file: {misplaced[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_both_catalogues_have_the_same_header(code):
    interface = catalogue(ROOT, code, "interface").metadata
    letters = catalogue(ROOT, code, "letters").metadata
    for field in ("Language", "Content-Type", "Plural-Forms"):
        assert letters[field] == interface[field], field
    assert interface["Language"] == code


def test_letter_files_by_pattern():
    # Folders match at any depth, also before they exist; a single file only itself.
    assert is_letter_file("templates/letters/pdf/objection.html")
    assert is_letter_file("templates/letters/clauses/a/new.html")
    assert is_letter_file("templates/letters/complaint_form.html")
    assert is_letter_file("privacyreq/tracking/escalation_story.py")
    assert not is_letter_file("templates/letters/pdf")
    assert not is_letter_file("templates/letters/pdf_old/objection.html")
    assert not is_letter_file("templates/letters/result.html")
    assert not is_letter_file("privacyreq/letters/forms.py")


def test_split_keeps_every_translation_and_drops_what_the_code_no_longer_has(tmp_path):
    """As after makemessages: the letters app's locale got an interface string of its forms
    (fuzzy guess there; its translation obsolete in the interface catalogue), the interface
    catalogue got a letter template's string (new, its translation in the letters catalogue)."""
    header = (
        'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
    )
    interface = catalogue_path(tmp_path, INTERFACE_LOCALE, "de")
    letters = catalogue_path(tmp_path, LETTERS_LOCALE, "de")
    for path in (interface, letters):
        path.parent.mkdir(parents=True)
    interface.write_text(
        header
        + '\n#: templates/letters/pdf/objection.html\nmsgid "Dear Sir or Madam,"\nmsgstr ""\n'
        + '\n#: templates/base.html\nmsgid "Home"\nmsgstr "Startseite"\n'
        + '\n#~ msgid "Your name"\n#~ msgstr "Ihr Name"\n'
    )
    letters.write_text(
        header
        + '\n#: privacyreq/letters/forms.py\n#, fuzzy\n#| msgid "Your game"\n'
        + 'msgid "Your name"\nmsgstr "Ihr Spiel"\n'
        + '\n#: privacyreq/letters/forms.py\n#, fuzzy\nmsgid "New words"\nmsgstr "Neue Wörte"\n'
        + '\n#~ msgid "Dear Sir or Madam,"\n#~ msgstr "Sehr geehrte Damen und Herren,"\n'
        + '\n#~ msgid "Gone"\n#~ msgstr "Weg"\n'
    )
    with override_settings(BASE_DIR=tmp_path):
        call_command("catalogues_split", "--locale=de", verbosity=0)

    after_interface = {e.msgid: e for e in polib.pofile(str(interface))}
    after_letters = {e.msgid: e for e in polib.pofile(str(letters))}
    assert list(after_letters) == ["Dear Sir or Madam,"]
    assert after_letters["Dear Sir or Madam,"].msgstr == "Sehr geehrte Damen und Herren,"
    assert sorted(after_interface) == ["Home", "New words", "Your name"]
    assert after_interface["Your name"].msgstr == "Ihr Name"
    assert not after_interface["Your name"].fuzzy
    assert after_interface["New words"].fuzzy  # a guess stays a guess
    for path in (interface, letters):
        assert polib.pofile(str(path)).metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"


@pytest.mark.parametrize(("code", "which"), EVERY_CATALOGUE)
def test_catalogue_compiles_with_matching_placeholders(code, which, tmp_path):
    # --check verifies that every translation keeps the placeholders of its msgid.
    result = subprocess.run(  # noqa: S603 (a fixed command on our own files)
        [
            shutil.which("msgfmt") or "msgfmt",
            "--check",
            "-o",
            str(tmp_path / "django.mo"),
            str(catalogue_path(ROOT, LOCALES[which], code)),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
