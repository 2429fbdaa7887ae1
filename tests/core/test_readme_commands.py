"""A newcomer's first commands: every local command README.md shows works as written, in a fresh
shell, after `make run` or `make test` (issue 18); and where configuration is missing, manage.py
says in one line what to set instead of printing a traceback.

The commands are read from README.md itself, so a command added there is run here too. Each runs
in bash with nothing in its environment but a PATH, a HOME and the database `make run` would have
made (a temporary SQLite, migrated and loaded here): no DJANGO_* variable except what README's own
`export` lines set in the same section.
"""

import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
README = BASE_DIR / "README.md"
LOCAL_COMMAND = ".venv/bin/python manage.py "


@dataclass(frozen=True)
class ReadmeCommand:
    section: str
    exports: tuple[str, ...]  # the section's `export` lines before the command, as written
    line: str

    @property
    def script(self) -> str:
        return "\n".join([*self.exports, self.line])


def shell_blocks_by_section(text: str) -> list[tuple[str, list[str]]]:
    """Each `## ` section's shell code lines, in order, continuation lines joined."""
    sections: list[tuple[str, list[str]]] = [("", [])]
    in_shell = in_other = False
    pending = ""
    for line in text.splitlines():
        if not in_shell and not in_other and line.startswith("## "):
            sections.append((line[3:].strip(), []))
        elif line.startswith("```"):
            if in_shell or in_other:
                in_shell = in_other = False
            elif line.strip() in ("```sh", "```bash", "```shell"):
                in_shell = True
            else:
                in_other = True
        elif in_shell:
            pending += line
            if pending.endswith("\\"):
                pending = pending[:-1] + " "
                continue
            if pending.strip():
                sections[-1][1].append(pending.strip())
            pending = ""
    return sections


def needs_a_server(exports: list[str], line: str) -> bool:
    """Exempt: the development server itself, and the production example, whose commands are
    meant for PostgreSQL (its DATABASE_URL is a placeholder)."""
    return " runserver" in line or any("DATABASE_URL=postgres" in export for export in exports)


def readme_commands() -> list[ReadmeCommand]:
    commands = []
    for section, lines in shell_blocks_by_section(README.read_text(encoding="utf-8")):
        exports: list[str] = []
        for line in lines:
            if line.startswith("export "):
                exports.append(line)
            elif line.startswith(LOCAL_COMMAND) and not needs_a_server(exports, line):
                commands.append(ReadmeCommand(section, tuple(exports), line))
    return commands


COMMANDS = readme_commands()


def minimal_environment(home: Path, database: Path) -> dict[str, str]:
    """What a fresh login shell has, plus the SQLite database `make run` creates in the project
    folder (here a temporary one, so the test never touches the developer's)."""
    return {
        "HOME": str(home),
        "PATH": "/usr/bin:/bin",
        "DATABASE_URL": f"sqlite:///{database}",
        "MEDIA_ROOT": str(home / "media"),
    }


def run_in_bash(script: str, *, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (bash running README's own lines)
        [shutil.which("bash") or "/bin/bash", "-c", script],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """A folder that looks like the project folder after `make run`: the same files (linked, so
    `out/` and the like land here, not in the repository), the virtualenv the tests run in, and a
    migrated SQLite database with the cache table and the reference data (`make db`)."""
    root = tmp_path_factory.mktemp("project")
    for entry in BASE_DIR.iterdir():
        if entry.name.startswith(("db.sqlite3", ".")) or entry.name in ("out", "media"):
            continue
        (root / entry.name).symlink_to(entry)
    (root / ".venv").symlink_to(Path(sys.prefix))
    home = tmp_path_factory.mktemp("home")
    env = minimal_environment(home, root / "db.sqlite3")
    # `make db`, with the environment `make run` uses (DEV_ENV in the Makefile).
    setup = run_in_bash(
        "set -e\nexport DJANGO_DEBUG=true\n"
        ".venv/bin/python manage.py migrate --noinput -v0\n"
        ".venv/bin/python manage.py createcachetable\n"
        ".venv/bin/python manage.py load_reference_data -v0\n",
        cwd=root,
        env=env,
    )
    assert setup.returncode == 0, setup.stderr
    return root, env


def test_readme_shows_the_local_commands_it_documents():
    shown = [command.line for command in COMMANDS]
    assert any(" draft_letters docs/answers-example.json" in line for line in shown), shown
    assert any(" send_reminders --date " in line for line in shown), shown
    # The production example's commands are exempt: they are meant for PostgreSQL.
    assert all(command.section != "Production with PostgreSQL" for command in COMMANDS)


@pytest.mark.parametrize("command", COMMANDS, ids=[command.line for command in COMMANDS])
def test_readme_command_works_as_written_in_a_fresh_shell(project, command):
    root, env = project
    result = run_in_bash(command.script, cwd=root, env=env)
    assert result.returncode == 0, f"{command.script}\n{result.stdout}\n{result.stderr}"
    assert "Traceback" not in result.stderr
    if " draft_letters " in command.line:
        out = re.search(r"--out (\S+)", command.line).group(1)
        assert (root / out / "objection.pdf").read_bytes().startswith(b"%PDF-")
    if " send_reminders" in command.line:
        assert "Sent 0 reminder(s)." in result.stdout


def manage_py(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    return subprocess.run(  # noqa: S603 (our own interpreter and arguments)
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_manage_py_without_a_secret_key_says_what_to_set_in_one_line():
    result = manage_py("check", env={})
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("privacyreq: DJANGO_SECRET_KEY is not set.")
    # Both ways out: debug mode for local use, a real key for a server.
    assert "export DJANGO_DEBUG=true" in lines[0]
    assert "in production set DJANGO_SECRET_KEY" in lines[0]


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"DJANGO_SECRET_KEY": ""}, "privacyreq: DJANGO_SECRET_KEY is empty."),
        (
            {"DJANGO_SECRET_KEY": "insecure-development-key-do-not-use-in-production"},
            "privacyreq: DJANGO_SECRET_KEY must be set to a secret value when DEBUG is off.",
        ),
        (
            {"DJANGO_DEBUG": "maybe"},
            "privacyreq: DJANGO_DEBUG must be true or false, not 'maybe'.",
        ),
        (
            {"DJANGO_SECRET_KEY": "x" * 50, "FILE_STORAGE": "s3"},
            "privacyreq: AWS_STORAGE_BUCKET_NAME is not set.",
        ),
    ],
)
def test_any_configuration_problem_is_one_line_naming_the_variable(env, expected):
    result = manage_py("check", env=env)
    assert result.returncode == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith(expected)


def test_debug_mode_alone_is_enough_on_your_own_machine():
    result = manage_py("check", env={"DJANGO_DEBUG": "true"})
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_server_still_fails_loudly_without_a_secret_key():
    """gunicorn imports privacyreq.wsgi: there a missing key must stop the start with the full
    error, and debug mode must not be assumed."""
    result = subprocess.run(
        [sys.executable, "-c", "import privacyreq.wsgi"],
        cwd=BASE_DIR,
        env={"PATH": "/usr/bin:/bin", "HOME": "/nonexistent"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" in result.stderr
    assert (
        "ImproperlyConfigured: Environment variable DJANGO_SECRET_KEY is required." in result.stderr
    )
