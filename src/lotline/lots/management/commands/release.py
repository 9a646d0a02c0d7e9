"""lotline release: release a held lot."""

from lotline.lots.management.status import StatusCommand
from lotline.lots.services import release_hold


class Command(StatusCommand):
    help = ("Release a held lot or batch: it can be used and shipped again.\n"
            'Example: lotline release SJ-20260304-A --reason "seals checked, all good"')
    verb = release_hold
    done = "is released"
