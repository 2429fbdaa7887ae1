from privacyreq.letters.text import html_to_text


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
