"""The web app's own table: the forms already submitted (see once.py)."""

from django.conf import settings
from django.db import models


class Submission(models.Model):
    token = models.CharField(max_length=64, unique=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    location = models.CharField(max_length=300, help_text="Where the form went once it had recorded.")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        db_table = "web_submission"

    def __str__(self) -> str:
        return self.token
