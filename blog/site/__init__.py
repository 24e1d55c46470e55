"""The server-rendered website's own concerns (beyond Wagtail's page serving)."""
