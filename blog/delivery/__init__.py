"""Telling front ends about changes: signed webhooks (and, next, CDN purges)."""
