"""The translation catalogues are complete and current: extracting the strings again from the
code (as `make messages` does) leaves no new, changed (fuzzy) or empty entry in any language."""

import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

from privacyreq.letters.answers import LANGUAGES

ROOT = Path(settings.BASE_DIR)
TRANSLATED = [code for code in LANGUAGES if code != "en"]
IGNORES = ["--ignore=.venv", "--ignore=node_modules", "--ignore=staticfiles"]


def catalogue(root: Path, code: str) -> polib.POFile:
    return polib.pofile(str(root / "locale" / code / "LC_MESSAGES" / "django.po"))


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """A copy of the code and catalogues, with the strings extracted again into the copy."""
    copy = tmp_path_factory.mktemp("messages")
    for name in ("privacyreq", "templates", "locale"):
        shutil.copytree(ROOT / name, copy / name, ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    subprocess.run(  # noqa: S603 (our own interpreter and command)
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--no-obsolete",
            *[f"--locale={code}" for code in TRANSLATED],
            *IGNORES,
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "DJANGO_SECRET_KEY": "makemessages-only"},
    )
    return copy


def test_the_same_languages_everywhere():
    assert [code for code, _name in settings.LANGUAGES] == list(LANGUAGES)
    for code in TRANSLATED:
        assert (ROOT / "locale" / code / "LC_MESSAGES" / "django.po").is_file(), code


@pytest.mark.parametrize("code", TRANSLATED)
def test_makemessages_leaves_no_fuzzy_empty_or_new_entry(extracted, code):
    po = catalogue(extracted, code)
    assert len(po) > 100  # the extraction did find our strings
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    empty = [entry.msgid for entry in po.untranslated_entries()]
    assert not fuzzy, f"{code}: fuzzy after makemessages: {fuzzy[:5]}"
    assert not empty, f"{code}: untranslated: {empty[:5]}"
    committed = {entry.msgid for entry in catalogue(ROOT, code) if not entry.obsolete}
    new = {entry.msgid for entry in po} - committed
    assert not new, f"{code}: strings missing from the committed catalogue: {sorted(new)[:5]}"


@pytest.mark.parametrize("code", TRANSLATED)
def test_catalogue_compiles_with_matching_placeholders(code, tmp_path):
    # --check verifies that every translation keeps the placeholders of its msgid.
    result = subprocess.run(  # noqa: S603 (a fixed command on our own files)
        [
            shutil.which("msgfmt") or "msgfmt",
            "--check",
            "-o",
            str(tmp_path / "django.mo"),
            str(ROOT / "locale" / code / "LC_MESSAGES" / "django.po"),
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
