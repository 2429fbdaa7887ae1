"""`manage.py catalogues_split` on small catalogues in a temporary project root: what it writes,
what it says, and what it refuses (the real catalogues are checked in test_catalogues.py)."""

import io
from pathlib import Path

import polib
import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings

from privacyreq.core.management.commands.catalogues_split import (
    INTERFACE_LOCALE,
    LETTERS_HEADER,
    LETTERS_LOCALE,
    catalogue_path,
)

HEADER = (
    'msgid ""\nmsgstr ""\n"Language: de\\n"\n"Content-Type: text/plain; charset=UTF-8\\n"\n'
    '"Plural-Forms: nplurals=2; plural=(n != 1);\\n"\n'
)
LETTER = '\n#: templates/letters/pdf/objection.html\nmsgid "Dear Sir or Madam,"\nmsgstr "{}"\n'
HOME = '\n#: templates/base.html\nmsgid "Home"\nmsgstr "Startseite"\n'
DAYS = (
    '\n#: privacyreq/tracking/views.py\nmsgid "%(n)s day"\nmsgid_plural "%(n)s days"\n'
    'msgstr[0] "{}"\nmsgstr[1] "{}"\n'
)


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + text, encoding="utf-8")
    return path


def split(root: Path, *args: str, verbosity: int = 1) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    with override_settings(BASE_DIR=root):
        call_command(
            "catalogues_split", "--locale=de", *args, verbosity=verbosity, stdout=out, stderr=err
        )
    return out.getvalue(), err.getvalue()


def entries(path: Path) -> dict[str, polib.POEntry]:
    return {entry.msgid: entry for entry in polib.pofile(str(path))}


@pytest.fixture
def interface(tmp_path) -> Path:
    return catalogue_path(tmp_path, INTERFACE_LOCALE, "de")


@pytest.fixture
def letters(tmp_path) -> Path:
    return catalogue_path(tmp_path, LETTERS_LOCALE, "de")


def test_a_language_without_a_letters_catalogue_gets_one(tmp_path, interface, letters):
    write(interface, LETTER.format("Sehr geehrte Damen und Herren,") + HOME)

    out, err = split(tmp_path)

    assert out == "de: 2 entries, 1 letters, 1 interface\n"
    assert err == ""
    created = polib.pofile(str(letters))
    assert created.header == LETTERS_HEADER
    assert created.metadata["Plural-Forms"] == "nplurals=2; plural=(n != 1);"
    assert created.metadata["Language"] == "de"
    assert {e.msgid: e.msgstr for e in created} == {
        "Dear Sir or Madam,": "Sehr geehrte Damen und Herren,"
    }
    assert list(entries(interface)) == ["Home"]


def test_join_writes_every_entry_into_both_and_says_so(tmp_path, interface, letters):
    write(interface, HOME)
    write(letters, LETTER.format("Sehr geehrte Damen und Herren,"))

    out, _err = split(tmp_path, "--join")

    assert out == "de: 2 entries in both catalogues\n"
    for path in (interface, letters):
        assert sorted(entries(path)) == ["Dear Sir or Madam,", "Home"]


def test_two_different_translations_keep_the_one_in_the_entrys_own_catalogue(
    tmp_path, interface, letters
):
    write(interface, LETTER.format("Liebe Leute,") + HOME)
    write(letters, LETTER.format("Sehr geehrte Damen und Herren,"))

    out, err = split(tmp_path)

    assert err == (
        "de: 'Dear Sir or Madam,': two translations, kept 'Sehr geehrte Damen und Herren,'\n"
    )
    assert out == "de: 2 entries, 1 letters, 1 interface\n"
    assert entries(letters)["Dear Sir or Madam,"].msgstr == "Sehr geehrte Damen und Herren,"
    assert "Dear Sir or Madam," not in entries(interface)


def test_a_plural_is_translated_only_when_every_form_is(tmp_path, interface, letters):
    # makemessages put the string in the letters catalogue with one form missing; the interface
    # catalogue, where it belongs, has both.
    write(interface, DAYS.format("%(n)s Tag", "%(n)s Tage"))
    write(letters, DAYS.format("%(n)s Tag", ""))

    out, err = split(tmp_path, verbosity=0)

    assert (out, err) == ("", "")
    [days] = entries(interface).values()
    assert days.msgstr_plural == {0: "%(n)s Tag", 1: "%(n)s Tage"}
    assert entries(letters) == {}


def test_a_missing_interface_catalogue_is_refused(tmp_path, interface, letters):
    write(letters, LETTER.format("Sehr geehrte Damen und Herren,"))

    with pytest.raises(CommandError, match=f"No catalogue {interface}"):
        split(tmp_path)

    assert not interface.exists()
    assert "Sehr geehrte Damen und Herren," in letters.read_text(encoding="utf-8")
