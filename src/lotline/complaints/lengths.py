"""How long each text of a complaint may be: one number per field (lotline/lengths.py says why).

The model's max_length, the verbs' checks, the pages' maxlength and the API's maxLength read these.
"""

from __future__ import annotations

LENGTHS: dict[str, int] = {
    "said": 2000,  # what the customer said, in their words (a phone call written down, an e-mail pasted)
    "code": 100,  # the code on their unit, as they read it out (ours, a supplier's, a serial, a scanned label)
    "reply": 2000,  # what we answered
}
