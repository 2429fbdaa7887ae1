"""`draft_letters` on hostile input and an --out it cannot write (issue 17, "Also"): one line and
exit status 2, never a traceback; a key given twice is refused, naming its path; a failed write
leaves nothing half-written behind."""

import io
import os
import pathlib
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command

pytestmark = pytest.mark.django_db

EXAMPLE = Path(settings.BASE_DIR) / "docs" / "answers-example.json"
REPLY_EXAMPLE = Path(settings.BASE_DIR) / "docs" / "answers-reply-example.json"
DEEP = 100_000  # far beyond the interpreter's recursion limit


def draft(answers: Path | str, out: Path | str) -> tuple[CommandError, list[str]]:
    """Run the command expecting it to refuse; the error and the lines it wrote to stderr."""
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command(
            "draft_letters", str(answers), "--out", str(out), stdout=io.StringIO(), stderr=stderr
        )
    assert raised.value.returncode == 2
    return raised.value, stderr.getvalue().splitlines()


def write(tmp_path: Path, content: str | bytes, name: str = "answers.json") -> Path:
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


# The answers file


@pytest.mark.parametrize(
    "content",
    ["[" * DEEP, '{"a": ' * DEEP, '{"platform": "x", "data": ' + "[" * DEEP + "]" * DEEP + "}"],
    ids=["arrays", "objects", "closed-arrays"],
)
def test_deeply_nested_json_is_one_line(tmp_path, content):
    error, lines = draft(write(tmp_path, content), tmp_path / "out")
    assert str(error) == "answers: the JSON is nested too deeply."
    assert lines == []
    assert not (tmp_path / "out").exists()


def test_invalid_json_names_line_and_column(tmp_path):
    error, lines = draft(write(tmp_path, '{\n  "platform": "x",\n  oops\n}'), tmp_path / "out")
    assert str(error) == (
        "answers: the file is not valid JSON "
        "(Expecting property name enclosed in double quotes, line 3, column 3)."
    )
    assert lines == []


def test_a_number_beyond_the_digit_limit_is_one_line(tmp_path):
    error, lines = draft(write(tmp_path, '{"platform": ' + "1" * 5000 + "}"), tmp_path / "out")
    assert str(error).startswith("answers: the file is not valid JSON (")
    assert "\n" not in str(error)
    assert lines == []


def test_answers_not_utf8_is_one_line(tmp_path):
    content = EXAMPLE.read_bytes().replace("Zoë".encode(), "Zoë".encode("latin-1"))
    error, lines = draft(write(tmp_path, content), tmp_path / "out")
    first_bad = content.index("ë".encode("latin-1"))
    assert str(error) == f"answers: the file is not UTF-8 text (byte {first_bad})."
    assert lines == []


def test_answers_missing_is_one_line(tmp_path):
    missing = tmp_path / "none.json"
    error, lines = draft(missing, tmp_path / "out")
    assert str(error) == f"answers: file {missing} not found."
    assert lines == []


def test_answers_unreadable_is_one_line(tmp_path):
    folder = tmp_path / "answers.json"
    folder.mkdir()
    error, lines = draft(folder, tmp_path / "out")
    assert str(error) == f"answers: cannot read '{folder}': is a directory."
    assert lines == []


def test_duplicate_keys_are_named_by_path_and_nothing_is_written(tmp_path, reference_data):
    # Otherwise valid answers: json.loads alone would keep the second value silently.
    text = REPLY_EXAMPLE.read_text(encoding="utf-8")
    text = text.replace(
        '"email": "aoife@example.org",',
        '"email": "aoife@example.org",\n  "email": "someone@example.org",',
    )
    text = text.replace(
        '"sent_on": "2026-10-01",', '"sent_on": "2026-10-01",\n    "sent_on": "2026-10-09",'
    )
    out = tmp_path / "out"
    error, lines = draft(write(tmp_path, text), out)
    assert lines == ["email: is given twice.", "prior_request.sent_on: is given twice."]
    assert "nothing written" in str(error)
    assert not out.exists()


def test_duplicate_keys_inside_lists_and_thrice_are_one_line_each(tmp_path):
    text = '{"a": 1, "x": [{"b": 1}, {"c": {"d": 1, "d": 2, "d": 3}}], "a": 2}'
    _, lines = draft(write(tmp_path, text), tmp_path / "out")
    assert lines == ["a: is given twice.", "x[1].c.d: is given twice."]


# --out


def test_out_an_existing_file_is_one_line_and_untouched(tmp_path):
    out = write(tmp_path, "keep me", "out")
    error, lines = draft(EXAMPLE, out)
    assert str(error) == f"--out: cannot write to '{out}': it exists and is not a folder."
    assert lines == []
    assert out.read_text() == "keep me"


def test_out_under_an_existing_file_is_one_line(tmp_path):
    blocker = write(tmp_path, "keep me", "file")
    out = blocker / "letters"
    error, lines = draft(EXAMPLE, out)
    assert str(error) == f"--out: cannot write to '{out}': '{blocker}' is not a folder."
    assert lines == []
    assert blocker.read_text() == "keep me"


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="needs Linux's /proc")
def test_out_under_proc_is_one_line(tmp_path, reference_data):
    # Not even root can create a folder in /proc: as root the check passes and mkdir fails.
    out = Path("/proc/privacyreq-draft-letters-test")
    error, lines = draft(EXAMPLE, out)
    assert str(error).startswith(f"--out: cannot write to '{out}': ")
    assert "\n" not in str(error)
    assert lines == []


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a read-only folder anyway")
def test_out_in_a_read_only_folder_is_one_line(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o500)
    try:
        error, lines = draft(EXAMPLE, locked / "letters")
    finally:
        locked.chmod(0o700)
    assert str(error) == f"--out: cannot write to '{locked / 'letters'}': permission denied."
    assert lines == []
    assert list(locked.iterdir()) == []


def failing_third_write(monkeypatch) -> None:
    """The disk refuses the third file: the first two are written, then a permission error."""
    real = pathlib.Path.write_bytes
    calls = []

    def write_bytes(self, data):
        calls.append(self)
        if len(calls) == 3:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self, data)

    monkeypatch.setattr(pathlib.Path, "write_bytes", write_bytes)


def test_a_failed_write_leaves_no_new_folder_behind(tmp_path, reference_data, monkeypatch):
    answers = write(tmp_path, EXAMPLE.read_text(encoding="utf-8"))
    out = tmp_path / "out"
    failing_third_write(monkeypatch)
    error, lines = draft(answers, out)
    assert str(error) == f"--out: cannot write to '{out}': permission denied."
    assert lines == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["answers.json"]


def test_a_failed_write_leaves_an_existing_folder_as_it_was(tmp_path, reference_data, monkeypatch):
    out = tmp_path / "out"
    out.mkdir()
    (out / "objection.txt").write_text("the letter sent last year")
    failing_third_write(monkeypatch)
    error, lines = draft(EXAMPLE, out)
    assert str(error) == f"--out: cannot write to '{out}': permission denied."
    assert lines == []
    assert [p.name for p in out.iterdir()] == ["objection.txt"]
    assert (out / "objection.txt").read_text() == "the letter sent last year"


# End to end: what a shell user sees


def manage_draft_letters(answers: Path, out: Path) -> subprocess.CompletedProcess:
    env = {name: value for name, value in os.environ.items() if not name.startswith("DJANGO_")}
    env["DJANGO_DEBUG"] = "true"
    return subprocess.run(  # noqa: S603 (our own interpreter and command)
        [sys.executable, "manage.py", "draft_letters", str(answers), "--out", str(out)],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def assert_one_line_and_status_2(result: subprocess.CompletedProcess, message: str) -> None:
    assert result.returncode == 2, result.stderr
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines() == [f"CommandError: {message}"]


def test_shell_deeply_nested_json(tmp_path):
    answers = write(tmp_path, "[" * DEEP)
    result = manage_draft_letters(answers, tmp_path / "out")
    assert_one_line_and_status_2(result, "answers: the JSON is nested too deeply.")


def test_shell_out_under_an_existing_file(tmp_path):
    blocker = write(tmp_path, "keep me", "file")
    result = manage_draft_letters(EXAMPLE, blocker / "letters")
    assert_one_line_and_status_2(
        result, f"--out: cannot write to '{blocker / 'letters'}': '{blocker}' is not a folder."
    )
