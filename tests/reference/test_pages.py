import pytest

pytestmark = pytest.mark.django_db


def test_home_says_what_the_tool_does_and_lists_platforms(client, reference_data):
    page = client.get("/").content.decode()
    assert "You can say no" in page
    for slug in ("x", "meta", "linkedin", "google"):
        assert f'href="/platforms/{slug}/"' in page
        assert f'href="/start/for/{slug}/"' in page


def test_x_page_has_timeline_steps_history_and_start_button(client, reference_data):
    response = client.get("/platforms/x/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "Privacy and safety" in page and "Data sharing and personalization" in page
    assert "Delete conversation history" in page
    assert "30 days" in page
    assert "4 September 2024" in page  # the High Court undertaking, on the timeline
    assert 'href="/start/for/x/"' in page
    assert "Last checked" in page


def test_unknown_platform_is_404(client, reference_data):
    assert client.get("/platforms/myspace/").status_code == 404


def test_pages_load_no_third_party_assets(client, reference_data):
    for url in ("/", "/platforms/x/", "/start/platform/"):
        response = client.get(url)
        page = response.content.decode()
        for attribute in ("src=", 'rel="stylesheet" href='):
            for chunk in page.split(attribute)[1:]:
                assert chunk[1:].startswith("/static/"), (url, chunk[:80])
        assert "default-src 'self'" in response["Content-Security-Policy"]
