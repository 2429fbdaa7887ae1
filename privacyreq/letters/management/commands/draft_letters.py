import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from privacyreq.letters.answers import AnswersError
from privacyreq.letters.kinds import kind_spec
from privacyreq.letters.services import (
    ReferenceDataMissing,
    answers_validate,
    document_render_pdf,
    letters_draft,
)

INVALID = 2


class Command(BaseCommand):
    help = (
        "Write DIR/<document>.pdf and DIR/<document>.txt for each document requested in an "
        "answers file (format: README.md, example: docs/answers-example.json). On invalid input, "
        "print one line per problem naming the key, write nothing and exit with status 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("answers", type=Path, help="Answers file (JSON)")
        parser.add_argument("--out", type=Path, required=True, help="Folder to write into")

    def handle(self, *args, answers: Path, out: Path, **options):
        raw = self._read(answers)
        try:
            validated = answers_validate(raw=raw, today=timezone.localdate())
            draft = letters_draft(answers=validated)
        except AnswersError as error:
            for key, message in error.problems:
                self.stderr.write(f"{key}: {message}")
            raise CommandError(
                f"{len(error.problems)} problem(s) in {answers}; nothing written.",
                returncode=INVALID,
            ) from None
        except ReferenceDataMissing as error:
            raise CommandError(
                f"{error} Run `python manage.py load_reference_data` first.", returncode=INVALID
            ) from None

        # Render everything before writing anything, so a failure leaves no half-written folder.
        files = {}
        for document in draft.documents:
            spec = kind_spec(document.kind)
            files[spec.file_name("pdf")] = document_render_pdf(document=document)
            files[spec.file_name("txt")] = document.text.encode("utf-8")
        if out.exists() and not out.is_dir():
            raise CommandError(f"--out: {out} exists and is not a folder.", returncode=INVALID)
        out.mkdir(parents=True, exist_ok=True)
        for name, content in files.items():
            (out / name).write_bytes(content)
            self.stdout.write(str(out / name))

    def _read(self, path: Path):
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise CommandError(f"answers: file {path} not found.", returncode=INVALID) from None
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                f"answers: cannot read {path}: {error}", returncode=INVALID
            ) from None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise CommandError(
                f"answers: not valid JSON ({error.msg} at line {error.lineno}, "
                f"column {error.colno}).",
                returncode=INVALID,
            ) from None
