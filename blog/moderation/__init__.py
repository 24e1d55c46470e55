"""Comment moderation in the Wagtail admin: queue, thread pages, bulk actions, panels."""
