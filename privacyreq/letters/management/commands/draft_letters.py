import json
import os
import secrets
import shutil
from pathlib import Path
from typing import Any, NoReturn

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.kinds import kind_spec
from privacyreq.letters.multi import is_multi
from privacyreq.letters.services import (
    ReferenceDataMissing,
    answers_validate_each,
    document_render_pdf,
    letters_draft,
)

INVALID = 2


class Command(BaseCommand):
    help = (
        "Write DIR/<document>.pdf and DIR/<document>.txt for each document requested in an "
        "answers file (format: README.md, example: docs/answers-example.json); with several "
        "platforms, DIR/<slug>/<document>.pdf and .txt for each. On invalid input "
        "or a folder that cannot be written, print one line per problem naming the key (or "
        "--out), write nothing and exit with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("answers", type=Path, help="Answers file (JSON)")
        parser.add_argument("--out", type=Path, required=True, help="Folder to write into")

    def handle(self, *args, answers: Path, out: Path, **options):
        raw = self._read(answers)
        # Before validating or rendering: an --out that cannot be written fails in a moment,
        # not after every PDF has been rendered.
        _out_check(out)
        # Several platforms (``platform`` a list): one folder per platform, DIR/<slug>/.
        folder = "{}/" if is_multi(raw) else ""
        try:
            validated = answers_validate_each(raw=raw, today=timezone.localdate())
            drafts = [
                (folder.format(each.platform), letters_draft(answers=each)) for each in validated
            ]
        except AnswersError as error:
            self._refuse(error.problems, answers)
        except ReferenceDataMissing as error:
            raise CommandError(
                f"{error} Run `python manage.py load_reference_data` first.",
                returncode=INVALID,
            ) from None

        # Render everything before writing anything, so a failure leaves no half-written folder.
        files = {}
        for folder, draft in drafts:
            for document in draft.documents:
                spec = kind_spec(document.kind)
                files[folder + spec.file_name("pdf")] = document_render_pdf(document=document)
                files[folder + spec.file_name("txt")] = document.text.encode("utf-8")
        for path in _write(out, files):
            self.stdout.write(str(path))

    def _refuse(self, problems: list[tuple[str, str]], answers: Path) -> NoReturn:
        for key, message in problems:
            self.stderr.write(f"{key}: {message}")
        raise CommandError(
            f"{len(problems)} problem(s) in {answers}; nothing written.", returncode=INVALID
        ) from None

    def _read(self, path: Path) -> Any:
        try:
            data = path.read_bytes()
        except FileNotFoundError:
            raise CommandError(f"answers: file {path} not found.", returncode=INVALID) from None
        except OSError as error:
            raise CommandError(
                f"answers: cannot read '{path}': {_reason(error)}.", returncode=INVALID
            ) from None
        try:
            # utf-8-sig: a byte order mark, as some editors save it, is not an error.
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise CommandError(
                f"answers: the file is not UTF-8 text (byte {error.start}).", returncode=INVALID
            ) from None
        duplicates: dict[int, list[str]] = {}
        try:
            raw = json.loads(text, object_pairs_hook=_pairs_recorder(duplicates))
        except json.JSONDecodeError as error:
            raise CommandError(
                f"answers: the file is not valid JSON ({error.msg}, line {error.lineno}, "
                f"column {error.colno}).",
                returncode=INVALID,
            ) from None
        except RecursionError:
            # The C scanner recurses once per level; a file of "[[[[…" would otherwise end in a
            # traceback.
            raise CommandError(
                "answers: the JSON is nested too deeply.", returncode=INVALID
            ) from None
        except ValueError as error:
            # e.g. an integer longer than Python's digit limit; its first clause says which.
            reason = str(error).split(":", 1)[0]
            raise CommandError(
                f"answers: the file is not valid JSON ({reason}).", returncode=INVALID
            ) from None
        if duplicates:
            self._refuse(
                [(key, "is given twice.") for key in _duplicate_paths(raw, duplicates)], path
            )
        return raw


def _pairs_recorder(duplicates: dict[int, list[str]]):
    """An ``object_pairs_hook`` that builds plain dicts and notes, by the dict's id, the keys given
    more than once; json.loads would otherwise keep the last value silently."""

    def hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        obj: dict[str, Any] = {}
        repeated: list[str] = []
        for key, value in pairs:
            if key in obj and key not in repeated:
                repeated.append(key)
            obj[key] = value
        if repeated:
            duplicates[id(obj)] = repeated
        return obj

    return hook


def _duplicate_paths(raw: Any, duplicates: dict[int, list[str]]) -> list[str]:
    """The path of every duplicated key (``prior_request.sent_on``, ``items[1].name``), in file
    order. Every dict the hook noted is still alive inside ``raw``, so the ids are unambiguous;
    walked without recursion, as the nesting may be close to the interpreter's limit."""
    found: list[str] = []
    stack: list[tuple[str, Any]] = [("", raw)]
    while stack:
        prefix, value = stack.pop()
        children: list[tuple[str, Any]] = []
        if isinstance(value, dict):
            found.extend(
                f"{prefix}.{key}" if prefix else key for key in duplicates.get(id(value), [])
            )
            children = [(f"{prefix}.{key}" if prefix else key, item) for key, item in value.items()]
        elif isinstance(value, list):
            children = [(f"{prefix}[{index}]", item) for index, item in enumerate(value)]
        stack.extend(reversed(children))
    return found


def _reason(error: OSError) -> str:
    """The operating system's reason without the file name, as the start of a clause."""
    reason = error.strerror or str(error)
    return reason[:1].lower() + reason[1:]


def _cannot_write(out: Path, reason: str) -> CommandError:
    return CommandError(f"--out: cannot write to '{out}': {reason}.", returncode=INVALID)


def _out_check(out: Path) -> None:
    """Refuse an --out that is a file, lies under a file or in a folder this process may not
    write. It creates nothing; ``_write`` still reports what it cannot foresee (e.g. /proc, where
    even root cannot create a folder)."""
    try:
        if out.exists() and not out.is_dir():
            raise _cannot_write(out, "it exists and is not a folder")
        existing = out
        while not existing.exists() and existing != existing.parent:
            existing = existing.parent
        if not existing.is_dir():
            raise _cannot_write(out, f"'{existing}' is not a folder")
        if not os.access(existing, os.W_OK | os.X_OK):
            raise _cannot_write(out, "permission denied")
    except OSError as error:
        raise _cannot_write(out, _reason(error)) from None


def _write(out: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` into ``out`` through a staging folder beside them, so that a failure part
    way leaves neither a half-filled new folder nor some of the files in an existing one."""
    try:
        if out.is_dir():
            parent = out
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            parent = out.parent
        # mkdir, not mkdtemp: the folder may become --out itself and gets the usual mode.
        staging = parent / f".{out.name or 'out'}.{secrets.token_hex(6)}.partial"
        staging.mkdir()
    except OSError as error:
        raise _cannot_write(out, _reason(error)) from None
    try:
        for name, content in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
        if parent == out:
            for name in files:
                (out / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, out / name)
            shutil.rmtree(staging)
        else:
            staging.rename(out)
    except OSError as error:
        shutil.rmtree(staging, ignore_errors=True)
        raise _cannot_write(out, _reason(error)) from None
    return [out / name for name in files]
