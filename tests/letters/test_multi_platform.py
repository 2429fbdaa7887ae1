"""Several platforms in one answers file (issue 19): one set of answers, one folder of letters per
platform, each with its own controller and only what the user said about that platform."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from privacyreq.letters.multi import MultiError, answers_per_platform
from tests.properties import pdf_text

pytestmark = pytest.mark.django_db

SERVICES = {"x": ["x", "grok"], "meta": ["facebook", "instagram"], "linkedin": ["linkedin"]}


def answers(**overrides) -> dict:
    return {
        "platform": ["x", "meta", "linkedin"],
        "country": "IE",
        "full_name": "Aoife Murphy",
        "email": "aoife@example.org",
        "postal_address": "1 Main Street\nDublin 8",
        "services": ["grok", "instagram"],
        "data": ["posts"],
        "documents": ["objection", "erasure"],
        "per_platform": {
            "x": {"account": "@aoife", "opted_out_on": "2024-07-27", "opted_out_how": "setting"},
            "linkedin": {"account": "linkedin.com/in/aoife"},
        },
        "language": "en",
        **overrides,
    }


def test_each_platform_gets_the_shared_answers_and_only_its_own():
    each = dict(answers_per_platform(answers(), platform_services=SERVICES))
    assert list(each) == ["x", "meta", "linkedin"]
    assert each["x"]["services"] == ["grok"] and each["meta"]["services"] == ["instagram"]
    assert each["linkedin"]["services"] == []
    assert each["x"]["opted_out_on"] == "2024-07-27" and "opted_out_on" not in each["meta"]
    assert each["linkedin"]["account"] == "linkedin.com/in/aoife" and "account" not in each["meta"]
    for single in each.values():
        assert single["full_name"] == "Aoife Murphy" and "per_platform" not in single


@pytest.mark.parametrize(
    ("overrides", "problem"),
    [
        ({"platform": ["x", "x"]}, ("platform", "'x' is given twice.")),
        (
            {"platform": ["x", "other"]},
            ("platform", "'other' (an organisation you enter) cannot be one of several."),
        ),
        (
            {"opted_out_on": "2024-07-27"},
            (
                "opted_out_on",
                "says something about one platform: give it under 'per_platform.<slug>'.",
            ),
        ),
        (
            {"per_platform": {"google": {"account": "a"}}},
            ("per_platform.google", "names a platform that is not in 'platform'."),
        ),
        (
            {"per_platform": {"x": {"full_name": "Someone"}}},
            ("per_platform.x.full_name", "cannot differ between platforms: give it once."),
        ),
        (
            {"services": ["threads-not"]},
            ("services", "'threads-not' is not a service of any platform chosen."),
        ),
        ({"colour": "blue"}, ("colour", "is not a known key.")),
    ],
)
def test_what_cannot_stand_is_named_with_its_key(overrides, problem):
    with pytest.raises(MultiError) as refused:
        answers_per_platform(answers(**overrides), platform_services=SERVICES)
    assert problem in refused.value.problems


def test_draft_letters_writes_one_folder_per_platform(tmp_path, reference_data):
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(answers(services=["grok"])), encoding="utf-8")
    out = tmp_path / "out"
    stdout = io.StringIO()

    call_command("draft_letters", str(path), "--out", str(out), stdout=stdout)

    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == [
        f"{slug}/{kind}.{ext}"
        for slug in ("linkedin", "meta", "x")
        for kind in ("erasure", "objection")
        for ext in ("pdf", "txt")
    ]
    x = pdf_text((out / "x" / "objection.pdf").read_bytes())
    meta = pdf_text((out / "meta" / "objection.pdf").read_bytes())
    linkedin = pdf_text((out / "linkedin" / "objection.pdf").read_bytes())
    assert "X Internet Unlimited Company" in x and "Meta Platforms Ireland" in meta
    assert "LinkedIn Ireland Unlimited Company" in linkedin
    # Switching the setting off was said of X alone: only X's letter says it.
    assert "I switched off the setting" in " ".join(x.split())
    assert "switched off" not in meta and "switched off" not in linkedin
    assert "@aoife" in x and "@aoife" not in linkedin


def test_a_problem_for_one_platform_names_it_and_writes_nothing(tmp_path, reference_data):
    broken = answers(documents=["objection", "complaint"])
    broken["per_platform"]["linkedin"]["complaint_to"] = "nowhere"
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(broken), encoding="utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command("draft_letters", str(path), "--out", str(tmp_path / "out"), stderr=stderr)
    assert refused.value.returncode == 2
    assert "linkedin: complaint_to: choose 'lead' or 'home' for the complaint." in stderr.getvalue()
    assert not (tmp_path / "out").exists()


def test_a_platform_without_letters_is_refused_by_name(tmp_path, reference_data):
    path = tmp_path / "answers.json"
    raw = answers(platform=["x", "automattic"], services=["grok"], per_platform={})
    path.write_text(json.dumps(raw), "utf-8")
    stderr = io.StringIO()
    with pytest.raises(CommandError):
        call_command("draft_letters", str(path), "--out", str(tmp_path / "out"), stderr=stderr)
    lines = stderr.getvalue().splitlines()
    assert lines and all(line.startswith("automattic: platform: ") for line in lines), lines
    assert not (tmp_path / "out").exists()
