"""The two languages a visitor chooses, in a real browser: the website's (the switcher at the foot
of every page) and the letters' (on the check page). Locators use ids, not texts, where the page
has switched language, so the test holds once the catalogues are translated."""

from playwright.sync_api import expect

from tests.browser.helpers import answer_questions, at

NAME = "Dorota Żółkiewska"


def test_switching_the_website_language_keeps_the_answers_and_letters_follow_the_choice(site):
    page = site.page
    answer_questions(site, name=NAME, email="dorota@example.org", documents=["objection"])
    expect(page.locator("#text-objection")).to_have_attribute("lang", "en")
    page.get_by_role("link", name="Change your answers").click()
    expect(page).to_have_url(at("/start/check/"))

    # The switcher: a labelled list, each language named in itself, and a button; no script.
    switcher = page.get_by_label("Website language")
    expect(switcher).to_have_value("en")
    expect(switcher.locator('option[value="de"]')).to_have_attribute("lang", "de")
    expect(switcher.locator('option[value="de"]')).to_have_text("Deutsch")
    switcher.select_option("de")
    expect(page).to_have_url(at("/start/check/"))  # choosing alone does not leave the page
    page.get_by_role("button", name="Change language").click()

    # The same page comes back in German, with every answer still there.
    expect(page).to_have_url(at("/start/check/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#interface-language")).to_have_value("de")
    expect(page.locator("dl.check-answers")).to_contain_text(NAME)
    # The letters keep the language they were written in until the visitor changes it.
    expect(page.locator("#id_language")).to_have_value("en")
    site.checkpoint("check-in-german")

    page.locator("#id_language").select_option("fr")
    page.locator("form:has(#id_language) button[type=submit]").click()  # "Write my letters"
    expect(page).to_have_url(at("/start/result/"))
    expect(page.locator("html")).to_have_attribute("lang", "de")
    expect(page.locator("#text-objection")).to_have_attribute("lang", "fr")
    expect(page.locator("#subject-objection")).to_have_attribute("lang", "fr")
    site.checkpoint("result-in-german-letters-in-french")

    # Back to English: the result stays.
    page.locator("#interface-language").select_option("en")
    page.locator(".language-switcher button[type=submit]").click()
    expect(page).to_have_url(at("/start/result/"))
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.locator("#doc-objection").locator("xpath=..")).to_contain_text("Language: French")
