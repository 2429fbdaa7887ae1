"""Keys of the shared default cache, as HMACs (``CACHES["default"]["KEY_FUNCTION"]``).

Rate-limit counters are named after who they count: allauth writes the client's address into the
key in clear (``allauth:rl:…:ip:203.0.113.9``), or as an unsalted SHA-256 (``…:key`` limits),
which anyone holding the table or a Redis dump reverses by hashing every IPv4 address. Django
stores a key as the key function returns it (the ``cache_key`` column, or the Redis key), so every
key is replaced by HMAC-SHA256(key) under a key derived from SECRET_KEY: the same key always
gives the same name, so counters still add up across processes and servers, but the name says
nothing without the secret.

Nothing reads a key back: Django's cache API only ever goes from a key to its value. Changing
SECRET_KEY renames every entry, which only resets the counters.
"""

from django.utils.crypto import salted_hmac

# Separates these HMACs from every other use of SECRET_KEY (sessions, signing, tokens).
_SALT = "privacyreq.core.cache_keys"


def hashed_key(key: str, key_prefix: str, version: int) -> str:
    """Django's default ``prefix:version:key``, with the key itself replaced by its HMAC."""
    digest = salted_hmac(_SALT, key, algorithm="sha256").hexdigest()
    return f"{key_prefix}:{version}:{digest}"
