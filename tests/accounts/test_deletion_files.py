"""Deleting an account when its files cannot all be removed: the account is gone and the user is
told so whatever the storage does; a file the storage refuses to delete is logged for the
operator by name, and a storage without real folders (remote) leaves no folders to remove.

The settings page's POST-only actions, opened by a bookmark or a login redirect, lead back to the
page without changing anything."""

import datetime as dt
import logging
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.files.storage import default_storage
from django.urls import reverse

from privacyreq.letters.services import answers_validate
from privacyreq.tracking import services
from privacyreq.tracking.models import Preferences
from tests.accounts.helpers import confirmed_it_is_them
from tests.factories import x_answers

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def stored(reference_data, user) -> list[str]:
    """The names of the files the user's saved letters are kept in."""
    raw = x_answers(documents=["objection", "erasure"])
    case = services.case_create(owner=user, answers=answers_validate(raw=raw, today=TODAY))
    names = [document.pdf.name for document in case.documents.all()]
    assert len(names) == 2
    return names


def on_disk(name: str) -> Path:
    return Path(settings.MEDIA_ROOT, name)


def delete_account(client, user, capture):
    client.force_login(user)
    confirmed_it_is_them(client, user)  # deleting asks for it (test_reauthentication.py)
    with capture(execute=True):
        return client.post(reverse("accounts:delete"), {"confirm": user.email}, follow=True)


def test_a_file_the_storage_cannot_delete_is_logged_and_the_rest_still_go(
    client, user, stored, monkeypatch, caplog, django_capture_on_commit_callbacks
):
    stuck, other = stored
    real_delete = default_storage.delete

    def delete(name):
        if name == stuck:
            raise PermissionError(13, "Permission denied", name)
        real_delete(name)

    monkeypatch.setattr(default_storage, "delete", delete)

    with caplog.at_level(logging.ERROR, logger="privacyreq.accounts.services"):
        response = delete_account(client, user, django_capture_on_commit_callbacks)

    assert "have been deleted" in response.content.decode()
    assert not get_user_model().objects.filter(pk=user.pk).exists()
    assert f"Account deletion: could not delete {stuck}." in caplog.text
    assert on_disk(stuck).exists()
    assert not on_disk(other).exists()
    assert not on_disk(other).parent.exists()


def test_with_a_remote_storage_only_the_files_are_deleted(
    client, user, stored, monkeypatch, django_capture_on_commit_callbacks
):
    """A storage that deletes by name and has no local paths, as object storage."""
    local_path, deleted = default_storage.path, []

    def delete(name):
        deleted.append(name)
        Path(local_path(name)).unlink()

    def no_local_path(name):
        raise NotImplementedError("This backend doesn't support absolute paths.")

    monkeypatch.setattr(default_storage, "delete", delete)
    monkeypatch.setattr(default_storage, "path", no_local_path)

    response = delete_account(client, user, django_capture_on_commit_callbacks)

    assert "have been deleted" in response.content.decode()
    assert sorted(deleted) == sorted(stored)
    for name in stored:
        assert not on_disk(name).exists()
        # On a real remote storage there is no folder; here the empty one is simply left alone.
        assert on_disk(name).parent.is_dir()


@pytest.mark.parametrize("name", ["accounts:reminders", "accounts:language", "accounts:calendar"])
def test_opening_a_settings_action_goes_back_to_the_settings(client, user, name):
    client.force_login(user)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:settings")
    assert not Preferences.objects.filter(user=user).exists()
