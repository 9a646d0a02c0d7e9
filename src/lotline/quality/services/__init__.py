"""The quality verbs: each owns its transaction, appends one event and returns what it recorded."""

from ..answers import RecordedResults, ResultView
from .proposals import ProposalDecided, dismiss_proposal, open_proposed_case
from .releases import SignedOff, sign_off_release
from .results import ResultLine, correct_result, record_results
from .samples import DrawnSample, draw_sample
from .specs import SpecLine, SpecsSet, set_specs

__all__ = [
    "DrawnSample", "ProposalDecided", "RecordedResults", "ResultLine", "ResultView", "SignedOff", "SpecLine",
    "SpecsSet", "correct_result", "dismiss_proposal", "draw_sample", "open_proposed_case", "record_results",
    "set_specs", "sign_off_release",
]
