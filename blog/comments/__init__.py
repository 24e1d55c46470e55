"""Reader comments: rendering, anti-spam, posting, moderation and privacy services."""
