from pathlib import Path
from typing import Any

from django.apps import AppConfig
from django.db.backends.signals import connection_created


def _sqlite_stays_private(sender: Any, connection: Any, **kwargs: Any) -> None:
    """Whatever created the SQLite file (a test run, `DATABASE_URL=sqlite:...`), it and its -wal and
    -shm are the owner's alone (lotline.datafolder)."""
    if connection.vendor == "sqlite":
        from lotline.datafolder import keep_sqlite_private

        keep_sqlite_private(Path(connection.settings_dict["NAME"]))


class LedgerConfig(AppConfig):
    name = "lotline.ledger"
    label = "ledger"
    verbose_name = "Event log"

    def ready(self) -> None:
        connection_created.connect(_sqlite_stays_private, dispatch_uid="lotline-sqlite-private")
