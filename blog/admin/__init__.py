"""The Wagtail admin's own screens for this project (the HTTP layer, like blog.api and
blog.site): the article editor's panels and form, the clinic's snippets and viewsets, the
reports, webhooks, and the website preview. Reader-comment moderation is blog.moderation.
The work they trigger lives in the services (blog.governance, blog.delivery, …)."""
