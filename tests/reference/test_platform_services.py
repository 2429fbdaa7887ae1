"""A platform's services as rows of their own: shipped nested in platforms.json, loaded like the
timeline (replaced, never duplicated), edited in the admin, and converted from the old line of
text by the migration."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from privacyreq.reference.models import Platform, PlatformService
from privacyreq.reference.selectors import platform_service_slugs, platform_services
from privacyreq.reference.services import DATA_DIR, reference_data_load
from tests.accounts.helpers import signed_in_with_code
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def shipped() -> tuple[list, list]:
    authorities = json.loads((DATA_DIR / "authorities.json").read_text(encoding="utf-8"))
    platforms = json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
    return authorities, platforms


def test_shipped_services(reference_data):
    assert platform_services(slug="x") == [("x", "X"), ("grok", "Grok")]
    assert [slug for slug, _ in platform_services(slug="meta")] == [
        "facebook",
        "instagram",
        "threads",
        "whatsapp",
        "meta_ai",
    ]
    assert platform_services(slug="linkedin") == [("linkedin", "LinkedIn")]
    assert platform_services(slug="google") == [("gemini", "Gemini")]
    # WhatsApp is listed because Meta's own announcement says interactions with Meta AI, which
    # runs in WhatsApp, are used for training: the source is in Meta's record.
    meta = Platform.objects.get(slug="meta")
    assert "https://about.fb.com/news/2025/04/making-ai-work-harder-for-europeans/" in (
        meta.source_list
    )
    assert platform_service_slugs()["linkedin"] == ["linkedin"]


def test_update_replaces_the_services_and_keeps_them_otherwise(reference_data):
    PlatformService.objects.filter(slug="grok").update(name="Grok (edited)")
    call_command("load_reference_data", stdout=io.StringIO())
    assert PlatformService.objects.get(slug="grok").name == "Grok (edited)"
    call_command("load_reference_data", "--update", stdout=io.StringIO())
    assert platform_services(slug="x") == [("x", "X"), ("grok", "Grok")]


def test_a_platform_without_services_loads(db):
    authorities, platforms = shipped()
    xai = {**platforms[0], "slug": "xai_test", "service_name": "xAI", "position": 9}
    del xai["services"]
    reference_data_load(authorities=authorities, platforms=[*platforms, xai])
    assert platform_services(slug="xai_test") == []
    assert platform_service_slugs()["xai_test"] == []


def test_a_duplicate_or_invalid_service_is_refused(db, tmp_path, monkeypatch):
    from privacyreq.reference.management.commands import load_reference_data

    authorities, platforms = shipped()
    (tmp_path / "authorities.json").write_text(json.dumps(authorities), encoding="utf-8")
    platforms[1]["services"].append({"slug": "facebook", "name": "Facebook again"})
    (tmp_path / "platforms.json").write_text(json.dumps(platforms), encoding="utf-8")
    monkeypatch.setattr(load_reference_data, "DATA_DIR", tmp_path)
    with pytest.raises(CommandError, match=r"service slug.*facebook"):
        call_command("load_reference_data", stdout=io.StringIO())
    assert not Platform.objects.exists()

    platforms[1]["services"][-1] = {"slug": "not a slug", "name": "Bad"}
    (tmp_path / "platforms.json").write_text(json.dumps(platforms), encoding="utf-8")
    with pytest.raises(CommandError, match="slug"):
        call_command("load_reference_data", stdout=io.StringIO())


def test_the_admin_edits_services_inline(client, reference_data):
    signed_in_with_code(client, UserFactory(is_staff=True, is_superuser=True))
    meta = Platform.objects.get(slug="meta")
    page = client.get(f"/admin/reference/platform/{meta.pk}/change/").content.decode()
    assert 'name="service_list-0-slug"' in page and 'value="facebook"' in page
    assert 'value="WhatsApp"' in page


@pytest.mark.django_db(transaction=True)
def test_the_migration_turns_the_old_text_into_rows():
    executor = MigrationExecutor(connection)
    executor.migrate([("reference", "0001_initial")])
    apps = executor.loader.project_state([("reference", "0001_initial")]).apps
    Authority = apps.get_model("reference", "SupervisoryAuthority")
    OldPlatform = apps.get_model("reference", "Platform")
    dpc = Authority.objects.create(
        code="ie",
        name="DPC",
        country="IE",
        postal_address="Dublin",
        website="https://www.dataprotection.ie",
        languages="en",
        sources="https://www.dataprotection.ie",
        last_checked="2026-01-01",
    )
    common = {
        "legal_entity": "Entity",
        "postal_address": "Dublin",
        "country": "IE",
        "lead_authority": dpc,
        "ai_summary": "",
        "ai_data_used": "",
        "sources": "https://example.org",
        "last_checked": "2026-01-01",
    }
    OldPlatform.objects.create(slug="meta", service_name="Meta", services="Facebook", **common)
    OldPlatform.objects.create(
        slug="chirp", service_name="Chirp", services="Chirp, Chirp AI, , Chirp", **common
    )
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate([("reference", "0002_platform_services")])
    try:
        # The shipped platforms get the shipped list; another gets one row per name.
        assert [s for s, _ in platform_services(slug="meta")][:2] == ["facebook", "instagram"]
        assert platform_services(slug="chirp") == [("chirp", "Chirp"), ("chirp_ai", "Chirp AI")]
    finally:
        # The schema every later test expects: the latest migrations, not 0002. Then the rows
        # go, through today's model, which reads columns (translations) 0002 does not have.
        executor = MigrationExecutor(connection)
        executor.loader.build_graph()
        executor.migrate(executor.loader.graph.leaf_nodes())
        Platform.objects.all().delete()
        PlatformService.objects.all().delete()
