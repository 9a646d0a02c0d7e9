"""The append-only, hash-chained event log: the one source of truth behind every read table."""

from django.db import models


class Event(models.Model):
    """One thing that happened, as recorded: never updated, never deleted.

    `payload` is kept as the exact canonical JSON text that was hashed, so `verify` can recompute
    the hash byte for byte on any database (PostgreSQL's jsonb would reorder keys).
    """

    seq = models.BigIntegerField(primary_key=True, help_text="Position in the chain, 1, 2, 3... with no gap.")
    kind = models.CharField(max_length=40)
    recorded_at = models.DateTimeField()
    actor = models.CharField(max_length=150, help_text="Who recorded it (a user name or 'import').")
    site = models.CharField(max_length=20, blank=True, help_text="Site code where it happened, if any.")
    subject = models.CharField(max_length=120, blank=True, help_text="The code it is about (lot, batch...).")
    payload = models.TextField()
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        db_table = "ledger_event"
        indexes = [
            # lot history pages: every event about one code
            models.Index(fields=["subject"], name="event_subject_idx"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.subject}"


class ChainHead(models.Model):
    """The single row that says where the chain ends.

    Appending locks this row (SELECT ... FOR UPDATE on PostgreSQL, the database write lock on
    SQLite) so two writers can never both link to the same previous event.
    """

    id = models.PositiveSmallIntegerField(primary_key=True, default=1)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)

    class Meta:
        db_table = "ledger_head"

    def __str__(self) -> str:
        return f"chain ends at #{self.seq}"


class Checkpoint(models.Model):
    """The chain's head (seq and hash) signed with the checkpoint key, which is kept outside the database.

    A copy: the checkpoint log beside the key (ledger/checkpoints.py) is the one someone who can
    write only the database cannot touch. `signed_at` is kept as the exact text that was signed.
    """

    seq = models.BigIntegerField()
    hash = models.CharField(max_length=64)
    signed_at = models.CharField(max_length=40)
    made_for = models.CharField(max_length=40, help_text="verify, export, trace report, backup, restore...")
    key_id = models.CharField(max_length=16, help_text="The first 16 hex digits of SHA-256 of the public key.")
    signature = models.CharField(max_length=100, help_text="Ed25519, base64.")

    class Meta:
        db_table = "ledger_checkpoint"

    def __str__(self) -> str:
        return f"checkpoint #{self.seq} ({self.made_for}, {self.signed_at})"
