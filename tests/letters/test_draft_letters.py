import io
import json

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

pytestmark = pytest.mark.django_db

EXAMPLE = "docs/answers-example.json"


def test_writes_pdf_and_text_for_each_requested_document(tmp_path, reference_data):
    out = tmp_path / "letters"
    call_command("draft_letters", EXAMPLE, "--out", str(out), stdout=io.StringIO())
    kinds = ["objection", "erasure", "access", "restriction", "complaint"]
    assert sorted(p.name for p in out.iterdir()) == sorted(
        [f"{k}.pdf" for k in kinds] + [f"{k}.txt" for k in kinds]
    )
    text = " ".join(page.extract_text() for page in PdfReader(out / "objection.pdf").pages)
    assert "Zoë Ångström-Łukasiewicz" in text
    assert "23 November 2026" in text
    complaint = (out / "complaint.txt").read_text(encoding="utf-8")
    assert "Berliner Beauftragte" in complaint or "Berlin" in complaint


def test_invalid_answers_name_every_key_write_nothing_and_exit_2(tmp_path, reference_data):
    answers = tmp_path / "bad.json"
    answers.write_text(
        json.dumps(
            {
                "platform": "myspace",
                "country": "US",
                "full_name": "",
                "email": "nope",
                "documents": ["objection", "poem"],
                "opted_out_on": "2024-13-01",
                "colour": "blue",
            }
        )
    )
    out = tmp_path / "out"
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draft_letters", str(answers), "--out", str(out), stderr=stderr)
    assert raised.value.returncode == 2
    lines = stderr.getvalue().strip().splitlines()
    keys = {line.split(":", 1)[0] for line in lines}
    assert {
        "platform",
        "country",
        "full_name",
        "email",
        "documents",
        "opted_out_on",
        "colour",
    } <= keys
    assert len(lines) == len(keys)  # one line per problem
    assert not out.exists()


@pytest.mark.parametrize(
    ("content", "message"),
    [("{not json", "not valid JSON"), ("[1, 2]", "answers: must be a JSON object")],
)
def test_unreadable_answers_exit_2(tmp_path, reference_data, content, message):
    answers = tmp_path / "a.json"
    answers.write_text(content)
    stderr = io.StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("draft_letters", str(answers), "--out", str(tmp_path / "o"), stderr=stderr)
    assert raised.value.returncode == 2
    assert message in str(raised.value) + stderr.getvalue()


def test_missing_file_exits_2(tmp_path, reference_data):
    with pytest.raises(CommandError) as raised:
        call_command("draft_letters", str(tmp_path / "none.json"), "--out", str(tmp_path / "o"))
    assert raised.value.returncode == 2
