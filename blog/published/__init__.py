"""The read model: what readers get through the API, built from saved content.

Render on write: each live article is stored as the JSON the API sends (`store`,
`prerender`, `stored`), written in the transaction that changes the content and rendered
after it commits (`store_signals`). Around it: the body and rich text as front ends need
them (`body`, `richtext`, `images`, `seo`, `serializers`), the reads each endpoint makes
(`selectors`, `list_pages`, `sync`, `tallies`), drafts opened by a preview token (`preview`),
the response cache and its tags (`caching`, `cache_tags`) and the repair after a bulk edit
(`reconcile`). The HTTP side (views, parameters, errors, URLs) is blog.api.
"""
