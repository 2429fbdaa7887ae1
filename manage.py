#!/usr/bin/env python
import os
import sys

# How to fix a missing secret key, the first thing a fresh shell runs into: the development key
# only comes with debug mode (as `make run` sets it), and a server must never get that by default.
WHAT_TO_SET = (
    "For local use run `export DJANGO_DEBUG=true`; in production set DJANGO_SECRET_KEY to a long "
    "random string."
)


def configuration_problem(error: Exception) -> str:
    """One line for a person at a terminal: the settings' own message, which names the variable,
    with what to set when that variable is the secret key. Not translated: the settings that would
    choose the language are what failed to load."""
    message = " ".join(str(error).split())
    if message == "Environment variable DJANGO_SECRET_KEY is required.":
        message = "DJANGO_SECRET_KEY is not set."
    elif message == "The SECRET_KEY setting must not be empty.":
        message = "DJANGO_SECRET_KEY is empty."
    elif message.startswith("Environment variable ") and message.endswith(" is required."):
        name = message.removeprefix("Environment variable ").removesuffix(" is required.")
        message = f"{name} is not set."
    if "DJANGO_SECRET_KEY" in message:
        message = f"{message} {WHAT_TO_SET}"
    return f"privacyreq: {message}"


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "privacyreq.settings")
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    # The settings read the environment and refuse what is missing or malformed with
    # ImproperlyConfigured. At a terminal that is a configuration problem, not a bug: one line
    # and status 2 (as for a bad command-line argument), never a traceback. Only here:
    # privacyreq/wsgi.py lets the same error stop gunicorn loudly.
    try:
        settings.INSTALLED_APPS  # noqa: B018 (loads the settings module)
        settings.SECRET_KEY  # noqa: B018 (Django refuses an empty key only when it is read)
    except ImproperlyConfigured as error:
        print(configuration_problem(error), file=sys.stderr)
        sys.exit(2)
    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
