"""Each authority's complaint procedure, as reference data: shipped from the research
(docs/research/authority-procedures.md), validated on load and in the admin, read by the letters
through small model methods."""

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from privacyreq.reference.models import Channel, Instrument, SupervisoryAuthority
from privacyreq.reference.services import DATA_DIR
from tests.accounts.helpers import signed_in_with_code
from tests.factories import SupervisoryAuthorityFactory, UserFactory

pytestmark = pytest.mark.django_db

RESEARCHED = dt.date(2026, 12, 4)


def test_instrument_by_authority(reference_data):
    instruments = dict(SupervisoryAuthority.objects.values_list("code", "instrument"))
    assert instruments["ch"] == Instrument.CH_DSG_49
    assert instruments["gb"] == Instrument.UK_GDPR_77
    assert {code for code, value in instruments.items() if value != Instrument.GDPR_77} == {
        "ch",
        "gb",
    }
    assert SupervisoryAuthority.objects.get(code="ie").takes_gdpr_complaints
    assert not SupervisoryAuthority.objects.get(code="ch").takes_gdpr_complaints
    assert not SupervisoryAuthority.objects.get(code="gb").takes_gdpr_complaints


@pytest.mark.parametrize(
    ("code", "language"),
    [("ie", "en"), ("pl", "pl"), ("fr", "fr"), ("ch", "de"), ("gb", "en"), ("be", "nl")],
)
def test_default_complaint_language_is_the_authoritys_own(reference_data, code, language):
    authority = SupervisoryAuthority.objects.get(code=code)
    assert authority.default_language == language
    assert language in authority.language_list


def test_uodo_takes_signed_electronic_or_paper_complaints_with_an_address(reference_data):
    uodo = SupervisoryAuthority.objects.get(code="pl")
    assert uodo.channel_list == [Channel.ELECTRONIC_INBOX, Channel.POST]
    assert uodo.electronic_inbox_url == "https://www.uodo.gov.pl/pl/83/153"
    assert not uodo.email_complaints
    assert uodo.postal_address_required
    assert uodo.signature == "qualified_or_trusted"
    assert uodo.form_of_address == "Prezes Urzędu Ochrony Danych Osobowych"
    assert uodo.name_in("pl") == "Prezes Urzędu Ochrony Danych Osobowych"
    assert uodo.name_in("en") == uodo.name
    assert "https://www.uodo.gov.pl/pl/83/153" in uodo.source_list
    assert uodo.last_checked == RESEARCHED


@pytest.mark.parametrize("code", ["pl", "bg", "lv", "lt", "sk"])
def test_no_plain_email_where_the_authority_refuses_it(reference_data, code):
    authority = SupervisoryAuthority.objects.get(code=code)
    assert not authority.email_complaints
    assert Channel.EMAIL not in authority.channel_list


@pytest.mark.parametrize("code", ["pl", "sk", "bg", "dk", "hr", "ro", "lv", "nl", "no"])
def test_postal_address_required_where_the_research_says_so(reference_data, code):
    assert SupervisoryAuthority.objects.get(code=code).postal_address_required


def test_signatures_and_asking_first(reference_data):
    rows = SupervisoryAuthority.objects.in_bulk(field_name="code")
    assert rows["be"].signature == "handwritten" and rows["is"].signature == "handwritten"
    assert rows["ie"].signature == "none"
    assert rows["ie"].ask_first == "required" and rows["ie"].ask_first_note
    assert rows["gb"].ask_first == "required" and "three months" in rows["gb"].ask_first_note
    assert rows["ch"].ask_first == "expected"
    # Not researched: nothing is claimed.
    assert rows["de-hh"].ask_first == "not_stated" and rows["de-hh"].signature == "none"


def test_edoeb_is_named_in_each_official_language(reference_data):
    edoeb = SupervisoryAuthority.objects.get(code="ch")
    assert edoeb.name_in("de").startswith("Eidgenössischer Datenschutz- und Ö")
    assert edoeb.name_in("fr").startswith("Préposé fédéral")
    assert edoeb.name_in("it").startswith("Incaricato federale")
    assert edoeb.name_in("en") == "Federal Data Protection and Information Commissioner (FDPIC)"
    assert edoeb.name_in("pl") == edoeb.name


def test_unresearched_authorities_keep_the_safe_defaults():
    records = json.loads((DATA_DIR / "authorities.json").read_text(encoding="utf-8"))
    for record in records:
        channels = record["channels"].split(",")
        assert channels[-1] == "post" or record["code"] in {"ie", "gb", "ch", "fi", "se", "de-by"}
        if record["last_checked"] != RESEARCHED.isoformat():
            # Nothing filled from a source: nothing beyond what the record already held.
            assert record["ask_first"] == "not_stated"
            assert record["signature"] == "none"
            assert not record["email_complaints"] and not record["postal_address_required"]
            assert channels == (
                ["online_form", "post"] if record["complaint_form_url"] else ["post"]
            )


def test_a_channel_needs_its_address_and_email_needs_email_complaints():
    authority = SupervisoryAuthorityFactory.build(
        channels="online_form,electronic_inbox,email", complaint_form_url="", email="a@b.example"
    )
    with pytest.raises(ValidationError) as error:
        authority.full_clean()
    assert set(error.value.message_dict) >= {
        "complaint_form_url",
        "electronic_inbox_url",
        "email_complaints",
    }


@pytest.mark.parametrize("channels", ["fax", "post,post", "post, pigeon"])
def test_unknown_or_repeated_channels_are_refused(channels):
    authority = SupervisoryAuthorityFactory.build(channels=channels)
    with pytest.raises(ValidationError) as error:
        authority.full_clean()
    assert "channels" in error.value.message_dict


def test_complaint_language_must_be_one_it_accepts():
    authority = SupervisoryAuthorityFactory.build(languages="de", complaint_language="fr")
    with pytest.raises(ValidationError) as error:
        authority.full_clean()
    assert "complaint_language" in error.value.message_dict


def test_names_must_map_language_codes_to_names():
    authority = SupervisoryAuthorityFactory.build(names={"de": ""})
    with pytest.raises(ValidationError) as error:
        authority.full_clean()
    assert "names" in error.value.message_dict


def test_loading_invalid_procedure_data_is_refused(db, tmp_path, monkeypatch):
    records = json.loads((DATA_DIR / "authorities.json").read_text(encoding="utf-8"))
    records[0]["signature"] = "wax seal"
    (tmp_path / "authorities.json").write_text(json.dumps(records), encoding="utf-8")
    (tmp_path / "platforms.json").write_text("[]", encoding="utf-8")
    monkeypatch.setattr(
        "privacyreq.reference.management.commands.load_reference_data.DATA_DIR", tmp_path
    )
    with pytest.raises(Exception, match="signature"):
        call_command("load_reference_data", verbosity=0)
    assert not SupervisoryAuthority.objects.exists()


def test_the_admin_edits_the_procedure(client, reference_data):
    signed_in_with_code(client, UserFactory(is_staff=True, is_superuser=True))
    uodo = SupervisoryAuthority.objects.get(code="pl")
    url = f"/admin/reference/supervisoryauthority/{uodo.pk}/change/"
    page = client.get(url)
    assert "Complaint procedure" in page.content.decode()
    form = page.context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: "" if v is None else v for k, v in data.items() if v is not False}
    data.update(channels="post", electronic_inbox_url="", ask_first_note="Object first.")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    uodo.refresh_from_db()
    assert uodo.channel_list == ["post"] and uodo.ask_first_note == "Object first."
    assert uodo.names == {"pl": "Prezes Urzędu Ochrony Danych Osobowych"}
    assert uodo.postal_address_required
