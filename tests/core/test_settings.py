import pytest
from django.core.exceptions import ImproperlyConfigured

from privacyreq.settings import env_bool, env_int, env_list, env_str


def test_env_bool_accepts_common_spellings_and_rejects_others(monkeypatch):
    for value, expected in [("1", True), ("Yes", True), ("off", False), ("", False)]:
        monkeypatch.setenv("FLAG", value)
        assert env_bool("FLAG", not expected) is expected
    monkeypatch.setenv("FLAG", "maybe")
    with pytest.raises(ImproperlyConfigured, match="FLAG must be true or false"):
        env_bool("FLAG", False)


def test_env_int_validates_number_and_minimum(monkeypatch):
    monkeypatch.setenv("SIZE", "12")
    assert env_int("SIZE", 1) == 12
    monkeypatch.setenv("SIZE", "twelve")
    with pytest.raises(ImproperlyConfigured, match="SIZE must be a whole number"):
        env_int("SIZE", 1)
    monkeypatch.setenv("SIZE", "3")
    with pytest.raises(ImproperlyConfigured, match="at least 10"):
        env_int("SIZE", 1, minimum=10)


def test_required_string_and_lists(monkeypatch):
    monkeypatch.delenv("MISSING", raising=False)
    with pytest.raises(ImproperlyConfigured, match="MISSING is required"):
        env_str("MISSING")
    monkeypatch.setenv("HOSTS", " a.example , ,b.example")
    assert env_list("HOSTS", []) == ["a.example", "b.example"]
