"""The rights the tool gives the user over its data: a copy of everything (Art. 15 and 20 GDPR)
and erasure of everything (Art. 17), at once. Their choices (reminders, the language of emails,
the calendar feed) are tracking's: ``privacyreq.tracking.services``."""

import contextlib
import datetime as dt
import json
import logging
from collections.abc import Iterable, Iterator
from importlib import import_module
from pathlib import Path, PurePosixPath

import zipstream  # type: ignore[import-untyped]  # ships no type hints
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.models import Session
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import DatabaseError, models, transaction
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from privacyreq.accounts.selectors import AccountData, account_data_get, account_file_names
from privacyreq.alerts.selectors import account_watch_export
from privacyreq.tracking.bundle_store import bundle_files_delete
from privacyreq.tracking.calendar import feed_url

logger = logging.getLogger(__name__)

EXPORT_FORMAT = 1


def _readme(*, date: dt.date) -> str:
    """The README of the export, in the language of the request that asked for it."""
    # Translators: the README.txt inside the account data export (a plain-text file: keep the
    # line breaks and the file and folder names data.json, documents/, attachments/, "sha256" as
    # they are). %(date)s is the date of the export (YYYY-MM-DD).
    return _(
        "Everything privacyreq stored about you on %(date)s.\n"
        "\n"
        "data.json      your account, settings and every saved case: answers, documents, tracked\n"
        "               requests with their history, notes, uploaded replies and the reminders "
        "sent.\n"
        "documents/     the PDF of each saved letter, exactly as you downloaded it; its SHA-256 is "
        "in\n"
        '               data.json ("sha256"), so you can check it is unchanged.\n'
        "attachments/   the replies you uploaded.\n"
        "\n"
        "Your password is not included: only a one-way hash of it is stored, which cannot be "
        "turned back\n"
        "into the password. Two-factor authentication is listed by type and date; its secrets "
        "are not\n"
        "included, so this file cannot be used to sign in as you.\n"
    ) % {"date": date.isoformat()}


# --- Export -------------------------------------------------------------------------------------


def _fields(obj: models.Model, *, exclude: tuple[str, ...] = ()) -> dict:
    """Every stored column of ``obj``, so a field added to a model is exported without anyone
    remembering to; a choice also gets its label, so the file reads without our source code."""
    data: dict = {}
    for model_field in obj._meta.concrete_fields:
        if model_field.name in exclude:
            continue
        key = model_field.attname  # "document_id" for a foreign key: the id, not a query
        data[key] = getattr(obj, key)
        if model_field.choices and data[key]:
            label = getattr(obj, f"get_{model_field.name}_display")()
            data[f"{model_field.name}_label"] = str(label)
    return data


# Read from storage and sent on in pieces this size: memory stays flat however big the files are.
EXPORT_CHUNK_BYTES = 64 * 1024


def _stored_chunks(file_field) -> Iterator[bytes]:
    """A stored file's bytes, a chunk at a time, read only when the zip stream reaches it.

    django-storages' S3 file would download the whole object into memory on the first read (its
    spool is unbounded unless AWS_S3_MAX_MEMORY_SIZE is set), so from S3 the object's body is
    streamed from boto3 directly. A file that fails to open now, though it was there when the
    export began, ends up empty; it is logged, and the rest of the export still goes out.
    """
    try:
        handle = file_field.storage.open(file_field.name, "rb")
    except OSError:
        logger.warning("Export: stored file %s went missing during the export.", file_field.name)
        return
    with handle:
        s3_object = getattr(handle, "obj", None)
        if s3_object is not None:
            yield from s3_object.get()["Body"].iter_chunks(EXPORT_CHUNK_BYTES)
        else:
            yield from handle.chunks(EXPORT_CHUNK_BYTES)


class _Archive:
    """The files of the export, queued on a zip stream, and the path each gets in it."""

    def __init__(self, stream: zipstream.ZipStream):
        self.stream = stream

    def add_file(self, folder: str, name: str, file_field) -> str | None:
        """Queue a stored file; returns its path in the archive, or None if it is gone from
        storage (the export still succeeds, and data.json says so)."""
        if not file_field.name or not file_field.storage.exists(file_field.name):
            logger.warning("Export: stored file %s is missing.", file_field.name)
            return None
        path = f"{folder}/{get_valid_filename(name)}"
        self.stream.add(_stored_chunks(file_field), path)
        return path


def _case_json(archive: _Archive, case) -> dict:
    documents = []
    for document in case.documents.all():
        entry = _fields(document, exclude=("case", "pdf"))
        entry["file"] = archive.add_file(
            "documents", f"case-{case.pk}-{document.pk}-{document.kind}.pdf", document.pdf
        )
        documents.append(entry)
    requests = []
    for request in case.requests.all():
        entry = _fields(request, exclude=("case",))
        entry["authority_name"] = request.authority.name if request.authority else None
        entry["events"] = [_fields(event, exclude=("request",)) for event in request.events.all()]
        entry["notes"] = [_fields(note, exclude=("request",)) for note in request.notes.all()]
        entry["attachments"] = []
        for attachment in request.attachments.all():
            item = _fields(attachment, exclude=("request", "file"))
            item["file"] = archive.add_file(
                "attachments",
                f"request-{request.pk}-{attachment.pk}-{attachment.original_name}",
                attachment.file,
            )
            entry["attachments"].append(item)
        entry["reminders_sent"] = [
            _fields(reminder, exclude=("request",)) for reminder in request.reminders.all()
        ]
        requests.append(entry)
    return {
        "id": case.pk,
        "created_at": case.created_at,
        "platform": case.platform.slug if case.platform else None,
        "controller_name": case.controller_name,
        "controller_country": case.controller_country,
        "answers": case.answers,
        "documents": documents,
        "requests": requests,
    }


def _account_json(data: AccountData, now: dt.datetime) -> dict:
    user = data.user
    preferences = data.preferences
    return {
        "format": EXPORT_FORMAT,
        "exported_at": now,
        "user": {
            "username": user.username,
            "email": user.email,
            "first_name": user.first_name,
            "last_name": user.last_name,
            "date_joined": user.date_joined,
            "last_login": user.last_login,
        },
        "email_addresses": [
            {"email": address.email, "verified": address.verified, "primary": address.primary}
            for address in data.email_addresses
        ],
        # The user's choices, tracking's preferences; "profile", the key they have always had.
        "profile": preferences
        and {
            "reminders_enabled": preferences.reminders_enabled,
            # The language of the emails privacyreq sends (a code from settings.LANGUAGES).
            "language": preferences.language,
            "calendar_feed": bool(preferences.calendar_token),
            # The address is the user's own data, and the way to check who could read it.
            "calendar_feed_url": (
                feed_url(token=preferences.calendar_token, site_url=settings.SITE_URL)
                if preferences.calendar_token
                else None
            ),
            "created_at": preferences.created_at,
        },
        "two_factor_authenticators": data.authenticators,
        # The platforms the account is warned about before training starts (None: none).
        "platform_warnings": account_watch_export(user=user),
    }


def _coalesced(chunks: Iterable[bytes], size: int) -> Iterator[bytes]:
    """The zip stream yields many small pieces (headers, and whatever the compressor lets out,
    often nothing); sent on as pieces of about ``size`` bytes, never empty ones."""
    buffer = bytearray()
    for chunk in chunks:
        buffer += chunk
        if len(buffer) >= size:
            yield bytes(buffer)
            buffer.clear()
    if buffer:
        yield bytes(buffer)


def account_export(*, user) -> Iterator[bytes]:
    """A zip of everything stored about ``user``: ``data.json``, README.txt and every file.

    Streamed: the rows are read and data.json written before the first byte goes out (so a
    database error is still an error page), then each stored file is read a chunk at a time as the
    zip is sent. Memory holds data.json and a chunk or two, never a whole file or the whole zip.
    """
    data = account_data_get(user=user)
    now = timezone.now()
    stream = zipstream.ZipStream(compress_type=zipstream.ZIP_DEFLATED)
    archive = _Archive(stream)
    content = _account_json(data, now)
    content["cases"] = [_case_json(archive, case) for case in data.cases]
    stream.add(
        json.dumps(content, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2), "data.json"
    )
    stream.add(_readme(date=timezone.localdate(now)), "README.txt")
    return _coalesced(stream, EXPORT_CHUNK_BYTES)


# --- Deletion -----------------------------------------------------------------------------------


def _files_delete(names: list[str]) -> None:
    """Remove files after the rows are gone; a failure is logged, never raised: the account is
    already deleted and the user must still get their confirmation."""
    for name in names:
        try:
            default_storage.delete(name)
        except OSError:
            logger.exception("Account deletion: could not delete %s.", name)
            continue
        # Each file has its own random folder (tracking.models._case_file_path); drop it too.
        try:
            folder = Path(default_storage.path(str(PurePosixPath(name).parent)))
        except NotImplementedError:  # remote storage: folders are not real
            continue
        # Not empty or already gone: nothing of the user's is left in it either way.
        with contextlib.suppress(OSError):
            folder.rmdir()


def _sessions_delete(*, user_id: str) -> None:
    """Delete every live session signed in as ``user_id``: another browser's session holds the
    letters written in it (``RESULT_KEY``) and would otherwise stay until it expires.

    Session rows are signed and encoded, so they cannot be searched in SQL: each live one is
    decoded in turn, streamed (``iterator``) so memory stays flat however many there are; an
    expired one can no longer be used and ``clearsessions`` removes it (README: cron). Runs after
    the commit, out of the deletion's transaction, so the scan never holds the database's write
    lock (SQLite's is one for the whole file). A failure is logged, never raised: the account is
    already deleted. Deleted through the session engine, so a cached copy goes too (cached_db).
    """
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    try:
        live = Session.objects.filter(expire_date__gt=timezone.now())
        keys = [
            key
            for key, data in live.values_list("session_key", "session_data").iterator(
                chunk_size=500
            )
            if store_class().decode(data).get(SESSION_KEY) == user_id
        ]
        for key in keys:
            store_class(session_key=key).delete()
    except DatabaseError:
        logger.exception("Account deletion: could not delete the sessions of user %s.", user_id)


def account_delete(*, user) -> None:
    """Erase the user and everything stored about them, at once.

    The rows go in one transaction: the user's cascade takes cases, documents, requests, events,
    notes, attachments, reminders, the preferences, email addresses, MFA authenticators and the
    platform warnings (alerts.Watcher). Files go only after the commit, so a failed transaction
    never leaves rows pointing at deleted files.

    Sessions: every session signed in as the user (other browsers, with any letters written in
    them) is deleted after the commit too; the caller then logs the current one out, which flushes
    it and starts a fresh, empty one.
    """
    # The id as the session stores it (django.contrib.auth.login); gone from ``user`` once deleted.
    user_id = user._meta.pk.value_to_string(user)
    with transaction.atomic():
        names = account_file_names(user=user)
        # Kept complaint bundles are not rows: found by their cases' folders, once those are gone.
        case_ids = list(user.cases.values_list("pk", flat=True))
        user.delete()
        transaction.on_commit(lambda: _sessions_delete(user_id=user_id))
        transaction.on_commit(lambda: _files_delete(names))
        transaction.on_commit(lambda: bundle_files_delete(case_ids=case_ids))
