import pytest
from django.core.exceptions import ImproperlyConfigured

from privacyreq.env import env_bool, env_document_cache, env_int, env_list, env_str


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


DOCUMENT_CACHE = ("DOCUMENT_CACHE_ENTRIES", "DOCUMENT_CACHE_SECONDS")


def test_document_cache_defaults_to_a_bounded_memory_cache_per_process(monkeypatch):
    for name in DOCUMENT_CACHE:
        monkeypatch.delenv(name, raising=False)
    # Personal data of visitors without an account: in this process's memory, never in the
    # database or Redis cache that servers share.
    assert env_document_cache(*DOCUMENT_CACHE) == {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "privacyreq-documents",
        "TIMEOUT": 900,
        "OPTIONS": {"MAX_ENTRIES": 500},
    }


def test_document_cache_size_and_lifetime_come_from_the_environment(monkeypatch):
    monkeypatch.setenv("DOCUMENT_CACHE_ENTRIES", "50")
    monkeypatch.setenv("DOCUMENT_CACHE_SECONDS", "60")
    cache = env_document_cache(*DOCUMENT_CACHE)
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert (cache["OPTIONS"]["MAX_ENTRIES"], cache["TIMEOUT"]) == (50, 60)


def test_no_document_cache_entries_turns_it_off(monkeypatch):
    monkeypatch.setenv("DOCUMENT_CACHE_ENTRIES", "0")
    monkeypatch.delenv("DOCUMENT_CACHE_SECONDS", raising=False)
    assert env_document_cache(*DOCUMENT_CACHE) == {
        "BACKEND": "django.core.cache.backends.dummy.DummyCache"
    }


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DOCUMENT_CACHE_ENTRIES", "many", "DOCUMENT_CACHE_ENTRIES must be a whole number"),
        ("DOCUMENT_CACHE_ENTRIES", "-1", "DOCUMENT_CACHE_ENTRIES must be at least 0"),
        ("DOCUMENT_CACHE_SECONDS", "15m", "DOCUMENT_CACHE_SECONDS must be a whole number"),
        ("DOCUMENT_CACHE_SECONDS", "0", "DOCUMENT_CACHE_SECONDS must be at least 1"),
    ],
)
def test_malformed_document_cache_variables_are_refused_by_name(monkeypatch, name, value, message):
    for other in DOCUMENT_CACHE:
        monkeypatch.delenv(other, raising=False)
    monkeypatch.setenv(name, value)
    with pytest.raises(ImproperlyConfigured, match=message):
        env_document_cache(*DOCUMENT_CACHE)


def test_the_app_keeps_documents_apart_from_the_shared_cache():
    from django.conf import settings

    assert settings.CACHES["documents"]["BACKEND"] in {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
    }
    assert settings.CACHES["default"]["BACKEND"] != settings.CACHES["documents"]["BACKEND"]
