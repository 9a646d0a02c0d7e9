"""`lotline checkpoint [--public-key]`: sign the event log's head now, or print the key that checks it."""

from __future__ import annotations

from typing import Any

from django.core.management.base import CommandParser

from lotline.catalog.management.recording import HelpFormatter
from lotline.commands import LotlineCommand
from lotline.ledger.checkpoints import key_path, log_path, public_key_pem, seal, show_head


class Command(LotlineCommand):
    help = """Sign the event log's head now (a checkpoint, as every verify, export and report makes),
and print it as a witness, SEQ:HASH. Run it from cron to witness the log daily; mail the line
to someone outside the business to keep a witness they hold.

With --public-key, print the public key that checks every checkpoint's signature, to give to
auditors and customers (docs/architecture.md shows how to check one with openssl).

Example: lotline checkpoint --public-key > lotline-checkpoints.pub"""

    def create_parser(self, prog_name: str, subcommand: str, **kwargs: Any) -> CommandParser:
        return super().create_parser(prog_name, subcommand, formatter_class=HelpFormatter, **kwargs)

    def add_command_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--public-key", action="store_true", help="print the public key (PEM) and stop")

    def handle_command(self, *, public_key: bool = False, **options: Any) -> Any:
        if public_key:
            self.stdout.write(public_key_pem(), ending="")
            return None
        return {**seal("checkpoint").as_dict(), "key": str(key_path()), "log": str(log_path())}

    def show(self, data: dict[str, Any], **options: Any) -> None:
        show_head(self.console, data)
        self.console.print(f"Key {data['key']}; checkpoints logged in {data['log']}", highlight=False)
