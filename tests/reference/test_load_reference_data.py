import io
import json

import pytest
from django.core.management import CommandError, call_command

from privacyreq.letters.choices import COUNTRIES, GERMAN_LANDS
from privacyreq.reference.models import Platform, SupervisoryAuthority
from privacyreq.reference.selectors import authority_for_residence

pytestmark = pytest.mark.django_db


def test_ships_every_authority_and_platform(reference_data):
    national = set(SupervisoryAuthority.objects.filter(region="").values_list("country", flat=True))
    assert national == set(COUNTRIES)
    regions = set(SupervisoryAuthority.objects.filter(country="DE").exclude(region="")
                  .values_list("region", flat=True))  # fmt: skip
    assert regions == set(GERMAN_LANDS)
    assert set(Platform.objects.values_list("slug", flat=True)) == {
        "x",
        "meta",
        "linkedin",
        "google",
        "openai",
        "anthropic",
        "microsoft",
        "mistral",
        "pinterest",
        "reddit",
        "snap",
        "automattic",
    }
    # A lead authority only where a source names one; the DPC for each of them.
    dpc = SupervisoryAuthority.objects.get(code="ie")
    leads = {p.slug: p.lead_authority for p in Platform.objects.exclude(lead_authority=None)}
    assert set(leads) == {"x", "meta", "linkedin", "google", "openai"}
    assert all(lead == dpc for lead in leads.values())
    for record in [*SupervisoryAuthority.objects.all(), *Platform.objects.all()]:
        assert record.source_list, record
        assert record.last_checked, record


def test_x_record_carries_the_facts_the_letters_use(reference_data):
    x = Platform.objects.get(slug="x")
    assert x.legal_entity == "X Internet Unlimited Company"
    assert "D02 AX07" in x.postal_address
    assert x.ai_model_name == "Grok" and x.ai_recipient == "xAI"
    assert x.setting_path.startswith("Settings and privacy → Privacy and safety")
    assert x.timeline.filter(date="2024-09-04").exists()


def test_rerun_keeps_admin_corrections_unless_update(reference_data):
    SupervisoryAuthority.objects.filter(code="ie").update(email="corrected@example.ie")
    out = io.StringIO()
    call_command("load_reference_data", stdout=out)
    assert "0 created, 0 updated" in out.getvalue()
    assert SupervisoryAuthority.objects.get(code="ie").email == "corrected@example.ie"
    call_command("load_reference_data", "--update", stdout=io.StringIO())
    assert SupervisoryAuthority.objects.get(code="ie").email == "info@dataprotection.ie"
    # The timeline is replaced, not duplicated.
    x = Platform.objects.get(slug="x")
    assert x.timeline.count() == len({(e.date, e.summary) for e in x.timeline.all()})


def test_residents_complain_to_their_land_or_national_authority(reference_data):
    assert authority_for_residence(country="DE", region="DE-BY").code == "de-by"
    assert authority_for_residence(country="FR").code == "fr"
    assert authority_for_residence(country="GB").code == "gb"


def test_invalid_shipped_data_is_refused_and_loads_nothing(db, tmp_path, monkeypatch):
    from privacyreq.reference.management.commands import load_reference_data
    from privacyreq.reference.services import DATA_DIR

    (tmp_path / "authorities.json").write_text(
        (DATA_DIR / "authorities.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    platforms = json.loads((DATA_DIR / "platforms.json").read_text(encoding="utf-8"))
    platforms[-1]["timeline"][0]["source_url"] = "not a link"
    (tmp_path / "platforms.json").write_text(json.dumps(platforms), encoding="utf-8")
    monkeypatch.setattr(load_reference_data, "DATA_DIR", tmp_path)

    with pytest.raises(CommandError, match=r"Reference data is invalid: .*source_url"):
        call_command("load_reference_data", stdout=io.StringIO())
    # One transaction: the authorities and platforms before the bad record are not kept either.
    assert not SupervisoryAuthority.objects.exists()
    assert not Platform.objects.exists()
