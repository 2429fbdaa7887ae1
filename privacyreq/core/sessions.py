"""The session keys more than one app reads or writes, defined below them all so that each may
import them without importing another app.

- ``RESULT_KEY``: the validated answers of the letters last written in this session
  (``Answers.to_json``; with several platforms, a list of them, one per platform). Set by
  letters' check page; read by its result page and downloads, and by tracking when the user
  saves the letters as a case (one case per platform).
- ``TRACKED_KEY``: the id of the case those letters were saved as. Set by tracking; cleared by
  letters when new letters replace them, so the result page offers to save the new ones.
"""

RESULT_KEY = "letters"
TRACKED_KEY = "letters_case"


def result_answers(session) -> list[dict]:
    """The answers under ``RESULT_KEY``, one per platform (none when nothing was written)."""
    raw = session.get(RESULT_KEY)
    if not raw:
        return []
    return list(raw) if isinstance(raw, list) else [raw]
