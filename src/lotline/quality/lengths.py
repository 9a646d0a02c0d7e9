"""How long each text of a sample, a lab result, a spec or a proposal may be: one number per field
(lotline/lengths.py says why). The models' max_length, the verbs' checks and the API read these."""

from __future__ import annotations

LENGTHS: dict[str, int] = {
    "sample": 64,  # a sample's id: one of our codes (lotline/codes.py), given or numbered S-0001
    "lab": 120,  # the lab's name, as people call it ("Central QA", "Valley Labs")
    "drawn_by": 150,  # who drew the sample (a user name's length)
    "drawn_at": 200,  # where: "filler 2, line B", "cold room"
    "analyte": 120,  # "Listeria monocytogenes", "pH", "water activity"
    "method": 120,  # "AOAC 2016.07"
    "text": 120,  # a qualitative result: "not detected", "detected", "< 10"
    "unit": 20,  # "pH", "aw", "CFU/g", "/25 g"
    "limit": 120,  # the limit as the lab states it: "ND in 25 g", "<= 4.6"
    "coa_name": 200,  # the certificate's file name
    "reason": 250,  # why a result was corrected, a release signed off, a proposal dismissed
    "expected": 60,  # a spec's qualitative expectation: "not detected"
    "per": 40,  # a spec's portion: "25 g"
}
