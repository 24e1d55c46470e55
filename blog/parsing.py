"""Whole numbers in text from URLs and forms, read strictly.

`str.isdigit()` accepts characters such as "²" that `int()` rejects, which turned
`?id=²` into a 500; only ASCII digits are numbers here. Shared by the API's parameters
(blog.api.params), the `site` parameter (blog.sites), links in rich text and the website.
"""

from __future__ import annotations

import re

MAX_ID = 2**63 - 1
EMPTY = "Give a value, or leave the parameter out."
_ASCII_DIGITS = re.compile(r"[0-9]{1,19}")


def is_ascii_number(text: str) -> bool:
    return bool(_ASCII_DIGITS.fullmatch(text))
