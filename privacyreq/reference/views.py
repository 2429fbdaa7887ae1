import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import condition, require_safe

from privacyreq.reference import open_data
from privacyreq.reference.selectors import (
    catalogue_authorities,
    catalogue_platforms,
    platform_get,
    platform_list,
)


def home(request):
    return render(request, "reference/home.html", {"platforms": platform_list()})


def platform_detail(request, slug: str):
    platform = platform_get(slug=slug)
    if platform is None:
        raise Http404("No such platform")
    return render(request, "reference/platform_detail.html", {"platform": platform})


# Open data (open_data.py; docs/open-data.md). Shared caches may keep a copy for an hour; after
# that they, and everyone else, revalidate with If-None-Match or If-Modified-Since for a 304.
OPEN_DATA_CACHE_CONTROL = "public, max-age=3600"
# How long the first time a version of a document was served is remembered (Last-Modified).
_FIRST_SEEN_SECONDS = 90 * 24 * 60 * 60


@dataclass(frozen=True)
class _File:
    body: str
    etag: str
    content_type: str
    filename: str


def _build(name: str, fmt: str) -> _File:
    if name == "platforms":
        records = [open_data.platform_record(p) for p in catalogue_platforms()]
    else:
        records = [open_data.authority_record(a) for a in catalogue_authorities()]
    schema = f"{settings.SITE_URL}/{settings.STATIC_URL.strip('/')}/open-data/{name}.schema.json"
    meta = open_data.Publication(
        licence=settings.OPEN_DATA_LICENCE,
        licence_url=settings.OPEN_DATA_LICENCE_URL,
        source=settings.SITE_URL + "/",
        schema_url=schema,
        generated_at=timezone.now(),
    )
    data = open_data.document(name=name, records=records, meta=meta)
    if fmt == "json":
        # Weak: two copies differ in generated_at only.
        etag = f'W/"{open_data.content_fingerprint(data)}"'
        return _File(open_data.json_text(data), etag, "application/json", f"{name}.json")
    builder = open_data.platforms_csv if name == "platforms" else open_data.authorities_csv
    body = builder(records)
    etag = '"' + open_data.content_fingerprint({"csv": body}) + '"'
    return _File(body, etag, "text/csv; charset=utf-8; header=present", f"{name}.csv")


def _file(request, name: str, fmt: str) -> _File:
    """The document, built once per request: the ETag, Last-Modified and the body all need it."""
    built = request.__dict__.setdefault("_open_data", {})
    if (name, fmt) not in built:
        built[(name, fmt)] = _build(name, fmt)
    return built[(name, fmt)]


def _etag(request, name: str, fmt: str) -> str:
    return _file(request, name, fmt).etag


def _last_modified(request, name: str, fmt: str) -> dt.datetime | None:
    """When this server first served this version: rows carry no time they were edited, and
    their last_checked dates do not move when an admin corrects a typo. Forgotten (a cache
    eviction), it becomes now, which only costs a client one full download."""
    etag = _file(request, name, fmt).etag
    return cache.get_or_set(
        f"open-data:first-seen:{etag}",
        timezone.now().replace(microsecond=0),
        timeout=_FIRST_SEEN_SECONDS,
    )


def _open(view):
    """Headers for every answer, 304 included: anyone may fetch it from any site, caches may keep
    it, and scripts may read its ETag."""

    @functools.wraps(view)
    def wrapped(request, **kwargs: Any):
        response = view(request, **kwargs)
        response["Access-Control-Allow-Origin"] = "*"
        response["Access-Control-Expose-Headers"] = "ETag"
        response["Cache-Control"] = OPEN_DATA_CACHE_CONTROL
        return response

    return wrapped


@_open
@require_safe
@condition(etag_func=_etag, last_modified_func=_last_modified)
def open_data_file(request, name: str, fmt: str):
    """/data/platforms.json, /data/authorities.json and the CSV files (``name``, ``fmt`` come
    from the URL configuration)."""
    file = _file(request, name, fmt)
    response = HttpResponse(file.body, content_type=file.content_type)
    response["Content-Disposition"] = f'inline; filename="{file.filename}"'
    return response
