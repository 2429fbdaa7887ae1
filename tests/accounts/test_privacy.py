"""The tool's own privacy: settings, a copy of everything stored (export) and erasure of
everything (delete), checked against the database and the files on disk."""

import datetime as dt
import hashlib
import io
import json
import zipfile
from pathlib import Path

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import attachments, preferences, services
from privacyreq.tracking.models import (
    Attachment,
    Case,
    Note,
    Preferences,
    Reminder,
    Request,
    StatusEvent,
    StoredDocument,
)
from tests.accounts.helpers import confirmed_it_is_them
from tests.accounts.helpers import page as parse_page
from tests.factories import UserFactory, x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)
SENT_ON = dt.date(2026, 11, 2)
TOTP_SECRET = "JBSWY3DPEHPK3PXPSECRETVALUE"
RECOVERY_SEED = "5f4dcc3b5aa765d61d8327deb882cf99recoveryseed"
OTHER_NAME = "Someone Else Entirely"


@pytest.fixture(autouse=True)
def _today(monkeypatch):
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *args: TODAY)


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20), "white").save(buffer, "PNG")
    return buffer.getvalue()


def store_everything(user, **answers) -> Case:
    """A case with every kind of row: sent request, events, note, attachment, reminder, preferences
    with a feed, and two-factor authentication."""
    case = services.case_create(
        owner=user, answers=answers_validate(raw=x_answers(**answers), today=TODAY)
    )
    objection = case.requests.get(kind="objection")
    services.request_mark_sent(
        request=objection, sent_on=SENT_ON, channel="email", actor=user, today=TODAY
    )
    services.note_add(request=objection, text=f"Phoned them on {TODAY}.")
    attachments.attachment_add(request=objection, data=png_bytes(), name="reply.png", note="Reply")
    Reminder.objects.create(request=objection, kind="week_before", due_on=objection.due_on)
    preferences.calendar_token_create(user=user)
    Authenticator.objects.create(user=user, type="totp", data={"secret": TOTP_SECRET})
    Authenticator.objects.create(
        user=user, type="recovery_codes", data={"seed": RECOVERY_SEED, "used_mask": 0}
    )
    return case


@pytest.fixture
def other():
    return UserFactory()


@pytest.fixture
def case(reference_data, user):
    return store_everything(user)


@pytest.fixture
def other_case(reference_data, other):
    return store_everything(other, full_name=OTHER_NAME, email="someone.else@example.org")


# Settings


def test_settings_page_links_to_every_account_page(client, user):
    client.force_login(user)

    page = client.get(reverse("accounts:settings")).content.decode()

    for name in ["account_email", "account_change_password", "mfa_index"]:
        assert f'href="{reverse(name)}"' in page
    for name in ["accounts:export", "accounts:delete"]:
        assert f'href="{reverse(name)}"' in page


def test_settings_need_login(client):
    response = client.get(reverse("accounts:settings"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_reminders_toggle_persists(client, user):
    client.force_login(user)

    client.post(reverse("accounts:reminders"), {})
    assert Preferences.objects.get(user=user).reminders_enabled is False
    assert not reminders_box_checked(client.get(reverse("accounts:settings")))

    client.post(reverse("accounts:reminders"), {"reminders_enabled": "on"})
    assert Preferences.objects.get(user=user).reminders_enabled is True
    assert reminders_box_checked(client.get(reverse("accounts:settings")))


def reminders_box_checked(response) -> bool:
    box = parse_page(response).inputs["reminders_enabled"]
    return "checked" in box


def test_calendar_link_is_shown_with_a_warning_once_created(client, user):
    client.force_login(user)
    assert settings.SITE_URL not in client.get(reverse("accounts:settings")).content.decode()

    page = client.post(reverse("accounts:calendar"), {"action": "create"}, follow=True)

    token = Preferences.objects.get(user=user).calendar_token
    assert len(token) >= 40
    assert settings.SITE_URL + reverse("tracking:feed", args=[token]) in page.content.decode()
    assert "Anyone who has this link" in page.content.decode()


@pytest.mark.parametrize("data", [{}, {"action": "delete-everything"}])
def test_calendar_with_a_bad_action_says_so(client, user, data):
    client.force_login(user)

    response = client.post(reverse("accounts:calendar"), data, follow=True)

    assert response.status_code == 200
    assert "Choose whether to create a calendar link" in response.content.decode()
    assert Preferences.objects.get(user=user).calendar_token == ""


# Export


def sign_in(client, user) -> None:
    """Signed in, and confirmed it is them a moment ago: the export and the deletion ask for it
    (tests/accounts/test_reauthentication.py)."""
    client.force_login(user)
    confirmed_it_is_them(client, user)


def export(client, user) -> zipfile.ZipFile:
    sign_in(client, user)
    response = client.get(reverse("accounts:export"))
    assert response.status_code == 200
    return zipfile.ZipFile(io.BytesIO(response.getvalue()))


def test_export_is_a_zip_download_never_cached(client, case, user):
    sign_in(client, user)

    response = client.get(reverse("accounts:export"))

    assert response["Content-Type"] == "application/zip"
    assert response["Content-Disposition"] == (
        'attachment; filename="privacyreq-export-2026-11-23.zip"'
    )
    assert "no-store" in response["Cache-Control"]


def test_export_contains_answers_requests_and_history(client, case, user):
    data = json.loads(export(client, user).read("data.json"))

    assert data["user"]["email"] == user.email
    assert data["email_addresses"] == [{"email": user.email, "verified": True, "primary": True}]
    assert data["profile"]["reminders_enabled"] is True
    assert data["profile"]["calendar_feed"] is True
    [exported] = data["cases"]
    assert exported["answers"] == case.answers
    assert exported["platform"] == "x"
    requests = {item["kind"]: item for item in exported["requests"]}
    assert set(requests) == {"objection", "erasure", "access"}
    objection = requests["objection"]
    assert objection["status"] == "sent"
    assert objection["sent_on"] == SENT_ON.isoformat()
    assert objection["due_on"] == case.requests.get(kind="objection").due_on.isoformat()
    assert [event["status"] for event in objection["events"]] == ["draft", "sent"]
    assert [note["text"] for note in objection["notes"]] == [f"Phoned them on {TODAY}."]
    assert [reminder["kind"] for reminder in objection["reminders_sent"]] == ["week_before"]


def test_export_contains_every_pdf_and_attachment_unchanged(client, case, user):
    archive = export(client, user)
    data = json.loads(archive.read("data.json"))
    [exported] = data["cases"]

    assert len(exported["documents"]) == 3
    for document in exported["documents"]:
        assert document["file"].startswith("documents/")
        content = archive.read(document["file"])
        assert content.startswith(b"%PDF-")
        assert hashlib.sha256(content).hexdigest() == document["sha256"]
    [attachment] = [a for r in exported["requests"] for a in r["attachments"]]
    assert attachment["file"].startswith("attachments/")
    assert archive.read(attachment["file"]) == png_bytes()
    assert attachment["content_type"] == "image/png"


def test_export_holds_nothing_of_another_user_and_no_secrets(client, case, other_case, user):
    archive = export(client, user)
    everything = b"".join(archive.read(name) for name in archive.namelist())

    other_pdfs = {doc.sha256 for doc in StoredDocument.objects.filter(case=other_case)}
    data = json.loads(archive.read("data.json"))
    exported_pdfs = {doc["sha256"] for c in data["cases"] for doc in c["documents"]}
    assert exported_pdfs.isdisjoint(other_pdfs)
    assert OTHER_NAME.encode() not in everything
    assert other_case.owner.email.encode() not in everything
    assert TOTP_SECRET.encode() not in everything
    assert RECOVERY_SEED.encode() not in everything
    assert sorted(a["type"] for a in data["two_factor_authenticators"]) == [
        "recovery_codes",
        "totp",
    ]


def test_export_still_works_when_a_stored_file_is_missing(client, case, user):
    document = case.documents.first()
    document.pdf.storage.delete(document.pdf.name)

    data = json.loads(export(client, user).read("data.json"))

    files = {doc["id"]: doc["file"] for doc in data["cases"][0]["documents"]}
    assert files[document.pk] is None
    assert sum(1 for name in files.values() if name) == 2


def test_export_query_count_does_not_grow_with_the_data(client, case, user):
    sign_in(client, user)

    def queries() -> int:
        with CaptureQueriesContext(connection) as context:
            assert client.get(reverse("accounts:export")).status_code == 200
        return len(context)

    one_case = queries()
    services.case_create(owner=user, answers=answers_validate(raw=x_answers(), today=TODAY))

    assert queries() == one_case


def test_export_needs_login(client):
    response = client.get(reverse("accounts:export"))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


# Delete


def owned_rows(user_pk: int) -> dict[str, int]:
    """Every row linked to the user, table by table."""
    return {
        "user": get_user_model().objects.filter(pk=user_pk).count(),
        "case": Case.objects.filter(owner_id=user_pk).count(),
        "document": StoredDocument.objects.filter(case__owner_id=user_pk).count(),
        "request": Request.objects.filter(case__owner_id=user_pk).count(),
        "event": StatusEvent.objects.filter(request__case__owner_id=user_pk).count(),
        "note": Note.objects.filter(request__case__owner_id=user_pk).count(),
        "attachment": Attachment.objects.filter(request__case__owner_id=user_pk).count(),
        "reminder": Reminder.objects.filter(request__case__owner_id=user_pk).count(),
        "preferences": Preferences.objects.filter(user_id=user_pk).count(),
        "email": EmailAddress.objects.filter(user_id=user_pk).count(),
        "authenticator": Authenticator.objects.filter(user_id=user_pk).count(),
    }


def all_rows() -> dict[str, int]:
    models = [
        get_user_model(),
        Case,
        StoredDocument,
        Request,
        StatusEvent,
        Note,
        Attachment,
        Reminder,
        Preferences,
        EmailAddress,
        Authenticator,
    ]
    return {model.__name__: model.objects.count() for model in models}


def files_on_disk() -> set[str]:
    root = Path(settings.MEDIA_ROOT)
    return {path.relative_to(root).as_posix() for path in root.rglob("*") if path.is_file()}


def file_names(case: Case) -> set[str]:
    documents = {doc.pdf.name for doc in case.documents.all()}
    attachments = {a.file.name for a in Attachment.objects.filter(request__case=case)}
    return documents | attachments


def test_delete_page_says_what_is_removed(client, case, user):
    sign_in(client, user)

    page = client.get(reverse("accounts:delete")).content.decode()

    assert user.email in page
    assert "1 saved case" in page
    assert "3 letters" in page
    assert "3 tracked requests" in page
    assert "1 uploaded reply" in page


def test_delete_removes_every_row_and_file_and_logs_out(
    client, case, other_case, user, django_capture_on_commit_callbacks
):
    before = owned_rows(user.pk)
    others_before = owned_rows(other_case.owner.pk)
    others_files = file_names(other_case)
    assert all(before.values()), before  # the fixture really stored every kind of row
    assert files_on_disk() == file_names(case) | others_files
    sign_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"confirm": user.email}, follow=True)

    assert response.redirect_chain == [(reverse("reference:home"), 302)]
    assert "have been deleted" in response.content.decode()
    assert set(owned_rows(user.pk).values()) == {0}
    assert owned_rows(other_case.owner.pk) == others_before
    # Nothing orphaned: every row left in every table is the other user's.
    assert all_rows() == dict(zip(all_rows(), others_before.values(), strict=True))
    assert files_on_disk() == others_files
    # Their (random, per-file) folders go too.
    folders = set(Path(settings.MEDIA_ROOT, "cases").iterdir())
    assert folders == {Path(settings.MEDIA_ROOT, name).parent for name in others_files}
    assert not response.wsgi_request.user.is_authenticated
    assert client.get(reverse("accounts:settings")).status_code == 302


def test_delete_accepts_the_email_in_any_case_with_spaces(
    client, case, user, django_capture_on_commit_callbacks
):
    sign_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"confirm": f"  {user.email.upper()} "})

    assert set(owned_rows(user.pk).values()) == {0}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type your email address to confirm"),
        ("DELETE", "That does not match."),
        ("someone.else@example.org", "That does not match."),
    ],
)
def test_wrong_confirmation_keeps_everything_and_says_why_at_the_field(
    client, case, user, typed, message, django_capture_on_commit_callbacks
):
    before = owned_rows(user.pk)
    files = files_on_disk()
    sign_in(client, user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:delete"), {"confirm": typed})

    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    # The message is tied to the field, not only shown at the top.
    assert 'id="id_confirm_error"' in page
    assert 'aria-describedby="id_confirm_help id_confirm_error"' in page
    assert 'aria-invalid="true"' in page
    assert owned_rows(user.pk) == before
    assert files_on_disk() == files
    assert client.get(reverse("accounts:settings")).status_code == 200


def test_account_without_email_confirms_with_the_word(client, django_capture_on_commit_callbacks):
    user = UserFactory(email="", verified=False)
    sign_in(client, user)
    assert "Type DELETE to confirm" in client.get(reverse("accounts:delete")).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:delete"), {"confirm": "DELETE"})

    assert not get_user_model().objects.filter(pk=user.pk).exists()


def test_delete_needs_login(client):
    response = client.post(reverse("accounts:delete"), {"confirm": "DELETE"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
