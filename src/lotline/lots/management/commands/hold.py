"""lotline hold: hold a lot back from use and sale."""

from lotline.lots.management.status import StatusCommand
from lotline.lots.services import place_hold


class Command(StatusCommand):
    help = ("Hold a lot or batch: it cannot be used in a batch or shipped until released.\n"
            'Example: lotline hold SJ-20260304-A --reason "lid seal check"')
    verb = place_hold
    done = "is on hold"
