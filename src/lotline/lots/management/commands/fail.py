"""lotline fail: mark a batch failed."""

from lotline.lots.management.status import StatusCommand
from lotline.lots.services import mark_failed


class Command(StatusCommand):
    help = ("Mark a batch failed (burnt, failed a test): it is never used or shipped again.\n"
            'Example: lotline fail GR-20260114-A --reason "burnt in oven 2"')
    verb = mark_failed
    done = "has failed"
