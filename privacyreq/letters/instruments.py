"""Which law a complaint is made under, and the law that depends on a date: the one home of both.

Pure: it reads an authority's record and a letter's date, never the clock or the database.

- A complaint to an EU/EEA authority is under **Article 77 GDPR**.
- A complaint to the UK's Information Commissioner is under **Article 77 UK GDPR and section 165
  of the Data Protection Act 2018**: the United Kingdom is no longer in the EU.
- The Swiss commissioner (EDÖB/FDPIC) takes no GDPR complaint: it takes a **report** (*Anzeige*)
  under **Article 49 FADP** (DSG), may order measures under Article 51, and the reporter is not a
  party (Article 52(2)). A Swiss resident's GDPR complaint goes to the platform's lead authority
  (``routing.complaint_to_default``).

The instrument is the authority's own reference fact (``SupervisoryAuthority.instrument``, edited
in the admin with its sources); this module names its values for the letters and keeps the dates.
"""

import datetime as dt
from typing import Protocol

# The values of ``reference.models.Instrument`` (kept here so that this module stays pure).
GDPR_77 = "gdpr_77"
UK_GDPR_77 = "uk_gdpr_77"
CH_DSG_49 = "ch_dsg_49"

# Section 164A of the Data Protection Act 2018 (a data subject's complaint to the controller, to be
# acknowledged within 30 days), inserted by section 103 of the Data (Use and Access) Act 2025,
# comes into force on 19 June 2026: the Data (Use and Access) Act 2025 (Commencement No. 6 and
# Transitional and Saving Provisions) Regulations 2026 (SI 2026/82), reg. 3 ("Provisions ... coming
# into force on 19th June 2026") and reg. 7 (transitional provision for section 103),
# https://www.legislation.gov.uk/uksi/2026/82/contents/made; text of s.164A:
# https://www.legislation.gov.uk/id/ukpga/2025/18/section/103. docs/letter-rules.md has the row.
UK_CONTROLLER_COMPLAINTS_FROM = dt.date(2026, 6, 19)


def regime_for(country: str) -> str:
    """Which law the user also invokes, from where they live: "uk" (the UK GDPR, same article
    numbers), "ch" (the revised FADP) or "eu". It also picks a platform's controller for that
    jurisdiction where it has one of its own (``reference.models.PlatformEntity``)."""
    return {"GB": "uk", "CH": "ch"}.get(country, "eu")


class HasInstrument(Protocol):
    @property
    def instrument(self) -> str: ...


def complaint_instrument(authority: HasInstrument | None) -> str:
    """What a complaint to ``authority`` is made under: one of ``GDPR_77``, ``UK_GDPR_77``,
    ``CH_DSG_49`` (its record's ``instrument``); "" when there is no authority (no complaint)."""
    if authority is None:
        return ""
    return authority.instrument or GDPR_77


def uk_controller_complaint(*, regime: str, letter_date: dt.date) -> bool:
    """Whether a UK resident's letter to the organisation is also a complaint under section 164A
    of the Data Protection Act 2018: only once that section is in force on the letter's date."""
    return regime == "uk" and letter_date >= UK_CONTROLLER_COMPLAINTS_FROM


def swiss_spelling(text: str) -> str:
    """Swiss Standard German writes "ss" where German writes "ß" (there is no "ß" in Swiss
    orthography; the DSG itself writes "gemäss", "Massnahmen"). Capital "ẞ" becomes "SS"."""
    return text.replace("ß", "ss").replace("ẞ", "SS")


def spelled_for(text: str, *, regime: str, language: str) -> str:
    """``text`` as a letter to or from a Swiss resident writes it in ``language``: Swiss spelling
    for German, unchanged otherwise."""
    if regime == "ch" and language.split("-")[0] == "de":
        return swiss_spelling(text)
    return text
