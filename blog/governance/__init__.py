"""Clinical governance: medical review on a schedule (reviews.py)."""
