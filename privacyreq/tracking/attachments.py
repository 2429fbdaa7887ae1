"""Attaching a reply to a request: the file checked for what it is (``uploads``), then counted
against the quotas, so one account cannot fill the storage or make every bundle huge.

Quotas (settings): ``TRACKING_ATTACHMENTS_PER_REQUEST`` files and
``TRACKING_ATTACHMENT_BYTES_PER_REQUEST`` bytes per request, ``TRACKING_ATTACHMENT_BYTES_PER_USER``
bytes per account. Counted in a transaction holding the owner's and the request's rows
(``select_for_update``), so uploads sent in parallel are counted one after the other and cannot
pass together.
"""

import hashlib
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from privacyreq.tracking.models import Attachment, Request
from privacyreq.tracking.uploads import ALLOWED, UploadRefused, upload_check

_MB = 1024 * 1024


class AttachmentQuotaExceeded(UploadRefused):
    """The file is acceptable but does not fit in a quota; the message is for the user."""


def _megabytes(limit: int) -> int:
    return max(1, limit // _MB)


def _quota_check(*, request: Request, owner_id: int, size: int) -> None:
    """Raise ``AttachmentQuotaExceeded`` unless one more file of ``size`` bytes fits. Called
    with the owner's and the request's rows locked."""
    per_request = Attachment.objects.filter(request=request).aggregate(
        files=Count("id"), total=Sum("size")
    )
    most = settings.TRACKING_ATTACHMENTS_PER_REQUEST
    if per_request["files"] >= most:
        raise AttachmentQuotaExceeded(
            # Translators: %(count)s is the largest number of files one request may have attached.
            ngettext(
                "This request already has %(count)s attached file, the most one request can have.",
                "This request already has %(count)s attached files, the most one request can have.",
                most,
            )
            % {"count": most}
        )
    limit = settings.TRACKING_ATTACHMENT_BYTES_PER_REQUEST
    if (per_request["total"] or 0) + size > limit:
        raise AttachmentQuotaExceeded(
            # Translators: %(size)s is a whole number of megabytes.
            _(
                "The files attached to one request may take up to %(size)s MB in all; with this "
                "file, this request's would take more."
            )
            % {"size": _megabytes(limit)}
        )
    limit = settings.TRACKING_ATTACHMENT_BYTES_PER_USER
    used = Attachment.objects.filter(request__case__owner_id=owner_id).aggregate(total=Sum("size"))[
        "total"
    ]
    if (used or 0) + size > limit:
        raise AttachmentQuotaExceeded(
            # Translators: %(size)s is a whole number of megabytes.
            _(
                "The files attached in one account may take up to %(size)s MB in all; with this "
                "file, yours would take more."
            )
            % {"size": _megabytes(limit)}
        )


def attachment_add(*, request: Request, data: bytes, name: str, note: str = "") -> Attachment:
    """Attach a reply after checking what it really is and that it fits in the quotas; raises
    ``UploadRefused`` (``AttachmentQuotaExceeded`` for a quota) with a message for the user."""
    # Checked before the rows are locked: reading a PDF can take a moment.
    content_type = upload_check(data=data, max_bytes=settings.TRACKING_UPLOAD_MAX_BYTES)
    stem = Path(name).stem[:80] or "reply"
    attachment = Attachment(
        request=request,
        original_name=f"{stem}{ALLOWED[content_type]}",
        content_type=content_type,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        note=note,
    )
    with transaction.atomic():
        # The owner first, then the request, as deleting an account locks them: never a
        # deadlock. The owner's row orders uploads to all of their requests (the account's
        # quota); the request's row, uploads to this one.
        owner_id = (
            Request.objects.filter(pk=request.pk).values_list("case__owner_id", flat=True).get()
        )
        get_user_model().objects.select_for_update().filter(pk=owner_id).get()
        Request.objects.select_for_update().filter(pk=request.pk).get()
        _quota_check(request=request, owner_id=owner_id, size=len(data))
        attachment.file.save(f"reply{ALLOWED[content_type]}", ContentFile(data), save=False)
        try:
            attachment.save()
        except BaseException:
            attachment.file.delete(save=False)
            raise
    return attachment
