from django.apps import AppConfig


class LedgerConfig(AppConfig):
    name = "lotline.ledger"
    label = "ledger"
    verbose_name = "Event log"
