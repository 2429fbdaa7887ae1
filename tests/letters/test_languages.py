"""Languages: the interface's (a switcher in the layout, a cookie) and the letters' (chosen on the
check page, one for the letters and one for the complaint, which goes to an authority that may read
another language than the platform)."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.formats import date_format

from privacyreq.core.sessions import RESULT_KEY
from privacyreq.letters import forms, language_forms
from privacyreq.letters.services import answers_validate
from privacyreq.letters.wizard import SESSION_KEY

pytestmark = pytest.mark.django_db

COMMON = [
    (
        "details",
        {
            "full_name": "Erika Mustermann",
            "email": "erika@example.org",
            "postal_address": "Alt-Moabit 1\n10555 Berlin",
        },
    ),
    ("services", {"services": ["x"]}),
    ("data", {"data": ["posts"]}),
    ("situation", {}),
    ("switched-off", {"opted_out": "no"}),
    ("notice", {"notice_received": "no"}),
]
# The complaint's last questions, after the authority.
COMPLAINT_TAIL = [
    ("earlier-request", {"prior_request": "no"}),
    # Not told beforehand, with letters: the complaint may go now; these walkers keep the draft.
    ("complaint-timing", {"complaint_now": "no"}),
    ("representative", {}),
    ("other-proceedings", {"other_proceedings": "none"}),
]
BERLIN_START = [
    ("platform", {"platform": "x"}),
    ("country", {"country": "DE"}),
    ("region", {"region": "DE-BE"}),
    *COMMON,
]
LETTERS_BY_EMAIL = ("sent-by", {"sent_by": "email"})
BERLIN = [
    *BERLIN_START,
    ("documents", {"documents": ["objection", "complaint"]}),
    LETTERS_BY_EMAIL,
    ("authority", {"complaint_to": "home"}),
    *COMPLAINT_TAIL,
]
# The same Berlin resident, complaining to X's lead authority, the Irish DPC ("en,ga").
BERLIN_TO_LEAD = [
    *BERLIN_START,
    ("documents", {"documents": ["objection", "complaint"]}),
    LETTERS_BY_EMAIL,
    ("authority", {"complaint_to": "lead"}),
    *COMPLAINT_TAIL,
]
NO_COMPLAINT = [
    *BERLIN_START,
    ("documents", {"documents": ["objection", "erasure"]}),
    LETTERS_BY_EMAIL,
]


def walk(client, journey):
    for slug, data in journey:
        response = client.post(f"/start/{slug}/", data)
        assert response.status_code == 302, (slug, response.content[:2000])


def selected(page: str, field_id: str) -> str | None:
    """The value of the selected option of the <select id=field_id> (None without the field)."""
    select = re.search(rf'<select[^>]*id="{field_id}"[^>]*>(.*?)</select>', page, re.S)
    if select is None:
        return None
    return re.search(r'<option value="([^"]+)"[^>]*selected', select.group(1)).group(1)


def html_lang(page: str) -> str:
    return re.search(r'<html lang="([^"]*)"', page).group(1)


# --- the interface language -------------------------------------------------------------------


def test_pages_say_their_language_and_offer_the_others_each_in_its_own_name(client, reference_data):
    page = client.get("/").content.decode()
    assert html_lang(page) == "en"
    switcher = re.search(r'<form class="language-switcher.*?</form>', page, re.S).group(0)
    assert 'action="/i18n/setlang/"' in switcher and 'method="post"' in switcher
    assert '<input type="hidden" name="next" value="/">' in switcher
    assert '<label for="interface-language"' in switcher and "Website language" in switcher
    for code, name in settings.LANGUAGES:
        assert re.search(
            rf'<option value="{code}" lang="{code}"( selected)?>{name}</option>', switcher
        )
    assert selected(page, "interface-language") == "en"
    assert "Change language</button>" in switcher

    german = client.get("/", HTTP_ACCEPT_LANGUAGE="de").content.decode()
    assert html_lang(german) == "de"
    assert selected(german, "interface-language") == "de"
    # Named in its own language on a German page too, not "Englisch".
    assert '<option value="en" lang="en">English</option>' in german


def test_the_switcher_comes_back_to_the_same_page_with_the_query(client, reference_data):
    walk(client, BERLIN)
    page = client.get("/start/details/?change=1").content.decode()
    assert '<input type="hidden" name="next" value="/start/details/?change=1">' in page


def test_switching_language_keeps_the_answers(client, reference_data):
    walk(client, BERLIN)
    before = client.session[SESSION_KEY]

    response = client.post("/i18n/setlang/", {"language": "de", "next": "/start/check/"})

    assert response.status_code == 302 and response["Location"] == "/start/check/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "de"
    assert client.session[SESSION_KEY] == before
    check = client.get("/start/check/")
    page = check.content.decode()
    assert check.status_code == 200 and html_lang(page) == "de"
    assert "Erika Mustermann" in page
    # The letters follow the interface language unless the visitor chooses another.
    assert selected(page, "id_language") == "de"
    assert client.post("/start/check/")["Location"] == "/start/result/"
    assert client.session[RESULT_KEY]["language"] == "de"


def test_a_blank_question_is_kept_once_per_language(client, reference_data, monkeypatch):
    from django.core.cache import caches

    from privacyreq.letters.templatetags import step_forms

    caches[step_forms.FRAGMENTS].clear()
    calls = []
    original = step_forms.as_crispy_form
    monkeypatch.setattr(
        step_forms, "as_crispy_form", lambda form: calls.append(1) or original(form)
    )
    client.get("/start/platform/")
    client.get("/start/platform/", HTTP_ACCEPT_LANGUAGE="fr")
    client.get("/start/platform/")
    client.get("/start/platform/", HTTP_ACCEPT_LANGUAGE="fr")
    assert len(calls) == 2
    with translation.override("fr"):
        french = step_forms.blank_form_key(forms.CountryForm())
    with translation.override("en"):
        english = step_forms.blank_form_key(forms.CountryForm())
    assert french != english
    caches[step_forms.FRAGMENTS].clear()


def test_countries_are_listed_in_the_order_of_their_names_in_the_visitors_language():
    names = {"AT": "Österreich", "EE": "Estland", "DE": "Deutschland", "LV": "Łotwa", "LI": "Lie"}
    assert [code for code, _ in forms._by_name(names)] == ["DE", "EE", "LI", "LV", "AT"]


# --- the letters' languages, on the check page ------------------------------------------------


def test_a_berlin_resident_complaining_at_home_gets_a_german_complaint(client, reference_data):
    walk(client, BERLIN)
    page = client.get("/start/check/").content.decode()

    assert selected(page, "id_language") == "en"
    assert selected(page, "id_complaint_language") == "de"
    assert "Language of your letters" in page and "Language of your complaint" in page
    assert (
        "Berliner Beauftragte für Datenschutz und Informationsfreiheit accepts complaints in "
        "this language: German." in page
    )
    # Each language in its own name, marked as such for screen readers.
    assert '<option value="fr" lang="fr">Français</option>' in page
    # The choice comes before the button that writes the letters, in the same form.
    form = re.search(r'<form method="post" novalidate>.*?</form>', page, re.S).group(0)
    assert form.index('name="complaint_language"') < form.index("Write my letters")


def test_a_complaint_to_the_irish_dpc_is_in_english(client, reference_data):
    walk(client, BERLIN_TO_LEAD)
    page = client.get("/start/check/", HTTP_ACCEPT_LANGUAGE="de").content.decode()

    assert selected(page, "id_language") == "de"
    assert selected(page, "id_complaint_language") == "en"
    # The authority's languages are named in the visitor's language (German here).
    assert re.search(r"Data Protection Commission .*: Englisch, Irisch\.", page)
    english = client.get("/start/check/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert (
        "Data Protection Commission accepts complaints in these languages: English, Irish."
        in english
    )


def test_no_complaint_no_complaint_language(client, reference_data):
    walk(client, NO_COMPLAINT)
    page = client.get("/start/check/").content.decode()
    assert selected(page, "id_language") == "en"
    assert 'name="complaint_language"' not in page


def test_a_complaint_alone_asks_only_for_its_language(client, reference_data):
    walk(
        client,
        [
            *BERLIN_START,
            ("documents", {"documents": ["complaint"]}),
            ("authority", {"complaint_to": "home"}),
            *COMPLAINT_TAIL,
        ],
    )
    page = client.get("/start/check/").content.decode()
    assert 'id="id_language"' not in page
    assert selected(page, "id_complaint_language") == "de"


def test_an_authority_whose_languages_we_do_not_write_is_named_with_them(client, reference_data):
    walk(
        client,
        [
            ("platform", {"platform": "x"}),
            ("country", {"country": "MT"}),
            *COMMON,
            ("documents", {"documents": ["complaint"]}),
            ("authority", {"complaint_to": "home"}),
            *COMPLAINT_TAIL,
        ],
    )
    page = client.get("/start/check/").content.decode()
    assert "accepts complaints in these languages: English, Maltese." in page
    assert selected(page, "id_complaint_language") == "en"

    help_text = language_forms.LanguagesForm._complaint_help("Úřad", ["cs"])
    assert help_text.startswith("Úřad accepts complaints in this language: Czech.")
    assert "We cannot write complaints in it yet" in help_text


def test_chosen_languages_are_the_letters_languages(client, reference_data):
    walk(client, BERLIN)
    response = client.post("/start/check/", {"language": "fr", "complaint_language": "de"})
    assert response["Location"] == "/start/result/"
    assert client.session[RESULT_KEY]["language"] == "fr"
    assert client.session[RESULT_KEY]["complaint_language"] == "de"

    result = client.get("/start/result/")
    draft = result.context["draft"]
    objection, complaint = draft.document("objection"), draft.document("complaint")
    assert '<html lang="fr">' in objection.html and '<html lang="de">' in complaint.html
    # Written under the letter's language: its dates as French and German write them.
    with translation.override("fr"):
        french_date = date_format(draft.answers.date, "DATE_FORMAT")
    with translation.override("de"):
        german_date = date_format(draft.answers.date, "DATE_FORMAT")
    english_date = date_format(draft.answers.date, "DATE_FORMAT")
    assert len({french_date, german_date, english_date}) == 3
    assert french_date in objection.html and english_date not in objection.html
    assert german_date in complaint.html and english_date not in complaint.html

    # The result page (in English) says which language each document is in.
    page = result.content.decode()
    objection_card = page[page.index('id="doc-objection"') : page.index('id="doc-complaint"')]
    complaint_card = page[page.index('id="doc-complaint"') :]
    assert "Language: French" in objection_card
    assert "Language: German" in complaint_card
    assert 'id="text-objection" lang="fr"' in page and 'id="text-complaint" lang="de"' in page

    # Back on the check page, the choice is remembered.
    page = client.get("/start/check/").content.decode()
    assert selected(page, "id_language") == "fr"
    assert selected(page, "id_complaint_language") == "de"


def test_the_same_language_twice_is_one_language(client, reference_data):
    walk(client, BERLIN)
    client.post("/start/check/", {"language": "de", "complaint_language": "de"})
    stored = client.session[RESULT_KEY]
    # Stored, the complaint's language is said even when it is the letters' (so validating the
    # stored answers again cannot put it in another); read back, it is one language.
    assert stored["language"] == "de" and stored["complaint_language"] == "de"
    assert answers_validate(raw=stored, today=dt.date.today()).complaint_language == ""


def test_a_post_without_the_fields_takes_the_initial_values(client, reference_data):
    walk(client, BERLIN)
    assert client.post("/start/check/")["Location"] == "/start/result/"
    assert client.session[RESULT_KEY]["language"] == "en"
    assert client.session[RESULT_KEY]["complaint_language"] == "de"


def test_unknown_languages_are_refused_at_the_field_and_nothing_is_lost(client, reference_data):
    walk(client, BERLIN)
    before = client.session[SESSION_KEY]
    response = client.post("/start/check/", {"language": "tlh", "complaint_language": "de"})

    assert response.status_code == 200
    page = response.content.decode()
    assert re.search(r"<title>Error: Check your answers", page)
    assert "data-error-summary" in page
    message = "Choose one of the languages in the list for your letters."
    assert f'<a href="#id_language">{message}</a>' in page
    field = re.search(r'<div id="div_id_language".*?</div>\s*</div>', page, re.S).group(0)
    assert message in field and 'aria-invalid="true"' in field
    assert client.session[SESSION_KEY] == before and RESULT_KEY not in client.session
    assert "Erika Mustermann" in page


def test_unticking_the_complaint_drops_its_language(client, reference_data):
    walk(client, BERLIN)
    client.post("/start/check/", {"language": "en", "complaint_language": "fr"})
    client.post("/start/documents/?change=1", {"documents": ["objection"]})
    assert client.post("/start/check/")["Location"] == "/start/result/"
    assert "complaint_language" not in client.session[RESULT_KEY]


def test_another_authority_suggests_its_own_language(client, reference_data):
    walk(client, BERLIN)
    client.post("/start/check/", {"language": "en", "complaint_language": "fr"})
    client.post("/start/authority/?change=1", {"complaint_to": "lead"})
    page = client.get("/start/check/").content.decode()
    assert selected(page, "id_complaint_language") == "en"
    # Back to the authority it was chosen for, the visitor's own choice returns.
    client.post("/start/authority/?change=1", {"complaint_to": "home"})
    page = client.get("/start/check/").content.decode()
    assert selected(page, "id_complaint_language") == "fr"


@pytest.mark.parametrize(
    ("interface", "expected"),
    [("fr", "polonais"), ("de", "Polnisch"), ("pl", "polski"), ("en", "Polish")],
)
def test_language_names_inside_a_sentence_as_the_interface_language_writes_them(
    interface, expected
):
    with translation.override(interface):
        assert language_forms.language_name("pl", in_sentence=True) == expected
