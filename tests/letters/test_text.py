from privacyreq.letters.text import html_to_text, single_full_stops


def test_paragraphs_lists_and_breaks_become_plain_text():
    html = """<html><head><title>T</title><style>p{}</style></head><body>
    <h2>Subject</h2><p>First   paragraph
    continues.</p><ul><li>one</li><li>two</li></ul><ol><li>a</li><li>b</li></ol>
    <p>Line<br>break</p><div data-text-skip><p>hidden</p></div><p>&lt;tag&gt; &amp; more</p>
    </body></html>"""
    assert html_to_text(html) == (
        "Subject\n\nFirst paragraph continues.\n\n- one\n- two\n\n1. a\n2. b\n\n"
        "Line\nbreak\n\n<tag> & more\n"
    )


def test_nested_lists_are_indented():
    html = "<ul><li>outer<ul><li>inner</li></ul></li></ul>"
    assert html_to_text(html) == "- outer\n   - inner\n"


def test_a_name_ending_in_an_abbreviation_ends_a_sentence_with_one_full_stop():
    assert single_full_stops("<p>I use the services of Dane Sp. z o.o..</p>") == (
        "<p>I use the services of Dane Sp. z o.o.</p>"
    )
    assert single_full_stops("of Example Inc.. Next") == "of Example Inc. Next"
    # An ellipsis, a number and an ordinary sentence stay as they are.
    for kept in ("wait... then", "version 2.. and", "Done. Next."):
        assert single_full_stops(kept) == kept
