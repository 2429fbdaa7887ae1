"""The session keys more than one app reads or writes, defined below them all so that each may
import them without importing another app.

- ``RESULT_KEY``: the validated answers of the letters last written in this session
  (``Answers.to_json``). Set by letters' check page; read by its result page and downloads, and by
  tracking when the user saves the letters as a case.
- ``TRACKED_KEY``: the id of the case those letters were saved as. Set by tracking; cleared by
  letters when new letters replace them, so the result page offers to save the new ones.
"""

RESULT_KEY = "letters"
TRACKED_KEY = "letters_case"
