"""How many posts each comment-form token has made: the record that survives a cache loss."""

from __future__ import annotations

from django.db import models


class FormTokenUse(models.Model):
    """One comment form's budget of posts (blog.comments.tokens.spend_form_token).

    Kept in the database, not only the cache: a Redis restart must not hand a script's token a
    fresh budget. Rows are worth keeping only while the token is valid; the clock deletes
    them after `expires_at`.
    """

    # sha256 of the signed token: the token itself is a credential of sorts, the hash is not.
    token_hash = models.CharField(max_length=64, primary_key=True)
    uses = models.PositiveIntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "comment form token use"

    def __str__(self) -> str:
        return f"{self.token_hash[:12]}…: {self.uses}"
