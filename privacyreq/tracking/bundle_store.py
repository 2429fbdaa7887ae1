"""Complaint bundles built once and kept: a bundle of large annexes takes seconds and hundreds of
MB to build, so it is built on the first download, kept in the private file storage (where the
uploads are) and served again until what it is made of changes.

A kept bundle is named ``bundles/<case id>/<request id>-<digest>.pdf``, the digest being that of
everything the bundle reads (``bundle.complaint_bundle_digest``): a change of any input is a new
name, so a stale bundle is never served; it is deleted when the new one is built. No row points
to it: deleting an account deletes its cases' folders (``bundle_files_delete``).

At most ``TRACKING_BUNDLE_BUILDS`` builds run at once across all workers, counted with slots in
the shared default cache; when all are taken, ``BundleBusy`` tells the view to ask the user to
come back in a minute instead of holding a worker.
"""

import contextlib
import logging
import os
import tempfile
import uuid
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.cache import cache
from django.core.files.base import ContentFile, File
from django.core.files.storage import Storage

from privacyreq.tracking.bundle import complaint_bundle_digest, complaint_bundle_pdf
from privacyreq.tracking.models import Attachment, Request

logger = logging.getLogger(__name__)

_FOLDER = "bundles"
# A slot outlives any build: a worker is killed after GUNICORN_TIMEOUT (30 s by default) and then
# never frees its slot, which expires by itself; until then one build fewer can run.
_SLOT_SECONDS = 120
# Seconds the busy page asks the browser to wait before trying again.
RETRY_AFTER = 60


class BundleBusy(Exception):
    """Every build slot is taken: the bundle is not built now."""


def _storage() -> Storage:
    # The uploads' storage: private, and on every app server when it is a bucket.
    return Attachment._meta.get_field("file").storage


def _folder(case_id: int) -> str:
    return f"{_FOLDER}/{case_id}"


@contextlib.contextmanager
def _build_slot() -> Iterator[None]:
    """Hold one of the ``TRACKING_BUNDLE_BUILDS`` slots while building, or raise ``BundleBusy``.
    ``cache.add`` is atomic in the shared cache (Redis SET NX, a unique key in the database
    table), so two workers never take the same slot."""
    token = uuid.uuid4().hex
    for number in range(settings.TRACKING_BUNDLE_BUILDS):
        key = f"tracking:bundle-build:{number}"
        if cache.add(key, token, timeout=_SLOT_SECONDS):
            break
    else:
        raise BundleBusy
    try:
        yield
    finally:
        # Only our own: a slot that expired under a slow build may be someone else's by now.
        if cache.get(key) == token:
            cache.delete(key)


def _store(storage: Storage, name: str, data: bytes) -> None:
    """Keep ``data`` as ``name``, never seen half-written: a local file is written beside it and
    renamed into place; a bucket's object appears whole. Another build of the same bundle may
    have kept it first: the same bytes, so either copy will do."""
    try:
        path = Path(storage.path(name))
    except NotImplementedError:
        saved = storage.save(name, ContentFile(data))
        if saved != name:
            storage.delete(saved)
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".building-", suffix=".pdf")
    try:
        with os.fdopen(handle, "wb") as out:
            out.write(data)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(temporary)
        raise


def _names_in(storage: Storage, folder: str) -> list[str]:
    try:
        _folders, files = storage.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    except NotImplementedError:
        # A storage that cannot list (some remote backends): nothing it kept can be found.
        logger.warning("The file storage cannot list %s: kept bundles there are not found.", folder)
        return []
    return [f"{folder}/{name}" for name in files]


def _stale_delete(storage: Storage, *, request: Request, keep: str) -> None:
    """Delete the request's other kept bundles: built from inputs that have changed since."""
    prefix = f"{request.pk}-"
    for name in _names_in(storage, _folder(request.case_id)):
        if PurePosixPath(name).name.startswith(prefix) and name != keep:
            with contextlib.suppress(FileNotFoundError):
                storage.delete(name)


def complaint_bundle_file(*, request: Request) -> str:
    """The storage name of the request's complaint bundle, built now unless one is kept for what
    it is made of today. Raises ``BundleBusy`` when it must be built and every build slot is
    taken, ``FileNotFoundError`` when the complaint's own file is gone."""
    storage = _storage()
    name = f"{_folder(request.case_id)}/{request.pk}-{complaint_bundle_digest(request=request)}.pdf"
    if storage.exists(name):
        return name
    with _build_slot():
        data = complaint_bundle_pdf(request=request)
    _store(storage, name, data)
    _stale_delete(storage, request=request, keep=name)
    # The account was deleted while this was built: its folder is already gone, so this goes too.
    if not Request.objects.filter(pk=request.pk).exists():
        bundle_files_delete(case_ids=[request.case_id])
        raise FileNotFoundError(name)
    return name


def complaint_bundle_open(*, request: Request) -> File:
    """The request's complaint bundle, open for reading (see ``complaint_bundle_file``). A kept
    bundle deleted between finding and opening it (by a build for newer inputs) is looked up
    once more."""
    storage = _storage()
    for attempt in range(2):
        name = complaint_bundle_file(request=request)
        try:
            return storage.open(name, "rb")
        except FileNotFoundError:
            if attempt:
                raise
    raise AssertionError("unreachable")


def bundle_files_delete(*, case_ids: Iterable[int]) -> None:
    """Delete every bundle kept for these cases, and their folders. For account deletion, after
    the commit (the rows are gone, so no new bundle is kept for them: see
    ``complaint_bundle_file``). A failure is logged, never raised: the user's data is already
    gone from the database."""
    storage = _storage()
    for case_id in case_ids:
        folder = _folder(case_id)
        try:
            for name in _names_in(storage, folder):
                with contextlib.suppress(FileNotFoundError):
                    storage.delete(name)
        except OSError:
            logger.exception("Could not delete the complaint bundles of case %s.", case_id)
            continue
        try:
            path = Path(storage.path(folder))
        except NotImplementedError:  # a bucket has no folders
            continue
        with contextlib.suppress(OSError):
            path.rmdir()
