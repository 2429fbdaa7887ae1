import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from privacyreq.reference.services import DATA_DIR, reference_data_load


class Command(BaseCommand):
    help = (
        "Load the shipped platforms and supervisory authorities. Safe to run repeatedly: existing "
        "records (possibly corrected in the admin) are kept unless --update is given."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--update",
            action="store_true",
            help="Overwrite existing records with the shipped data.",
        )

    def handle(self, *args, update: bool, **options):
        authorities = json.loads((DATA_DIR / "authorities.json").read_text(encoding="utf-8"))
        platforms = json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
        try:
            result = reference_data_load(
                authorities=authorities, platforms=platforms, update=update
            )
        except ValidationError as error:
            raise CommandError(f"Reference data is invalid: {error}") from error
        self.stdout.write(
            f"Reference data: {result.created} created, {result.updated} updated, "
            f"{result.unchanged} kept as they were."
        )
