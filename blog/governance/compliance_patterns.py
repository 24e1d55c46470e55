"""How a compliance rule's pattern becomes a compiled, time-limited matcher.

Kept free of models so the rule model's validation and the checker share one definition of
"what a rule matches". The third-party `regex` module is used instead of `re` because it can
abandon a search after a timeout: an editor-supplied pattern with catastrophic backtracking
must never hang a save or a publish.
"""

from __future__ import annotations

import regex

# Seconds one rule may spend on one field when articles are checked. A timed-out rule is
# reported as a finding, never an error.
CHECK_TIMEOUT = 0.1
# Seconds a new pattern may spend on the synthetic long article when the rule is saved.
VALIDATION_TIMEOUT = 0.25
MAX_PATTERN_LENGTH = 500

_PROSE = (
    "Our clinic offers anti-wrinkle injections, dermal fillers and skin boosters. "
    "Every treatment starts with a consultation; results vary from person to person, "
    "and side effects include bruising, swelling and (rarely) infection. 2024-05-01: 3 ml. "
)


def synthetic_article() -> str:
    """A long article's worth of text, with the long runs of one character (letters, digits,
    spaces, punctuation) that make nested quantifiers backtrack catastrophically."""
    runs = "".join(ch * 2000 + "!" for ch in ("a", "e", "1", " ", ".", "-", "\n"))
    return _PROSE * 300 + runs + _PROSE * 20


def compile_pattern(pattern: str, is_regex: bool) -> regex.Pattern:
    """A phrase matches case-insensitively as whole words ("painless" not in "painlessly"),
    with any run of whitespace between its words; a regular expression is used as written,
    also case-insensitively. Raises regex.error for a malformed expression."""
    if is_regex:
        return regex.compile(pattern, regex.IGNORECASE | regex.VERSION0)
    words = [regex.escape(word) for word in pattern.split()]
    # Lookarounds instead of \b, so phrases that start or end with punctuation ("100%")
    # still need a word boundary of their own kind.
    return regex.compile(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", regex.IGNORECASE)


def pattern_problem(pattern: str, is_regex: bool) -> str | None:
    """Why this pattern cannot be a rule, or None. Used by the rule form, so a bad pattern is a
    form error rather than a failure at publish time."""
    if not pattern.strip():
        return "Enter a phrase or a regular expression."
    if len(pattern) > MAX_PATTERN_LENGTH:
        return f"Keep the pattern under {MAX_PATTERN_LENGTH} characters."
    try:
        compiled = compile_pattern(pattern, is_regex)
    except regex.error as error:
        return f"This is not a valid regular expression: {error}."
    except (OverflowError, RecursionError, ValueError) as error:
        return f"This regular expression cannot be used: {error}."
    # An expression that matches nothing at all ("a*", "x?") would flag every article.
    try:
        if compiled.fullmatch("", timeout=VALIDATION_TIMEOUT) is not None:
            return "This expression matches empty text, so it would flag every article."
        for _ in compiled.finditer(synthetic_article(), timeout=VALIDATION_TIMEOUT):
            pass
    except TimeoutError:
        return (
            "This regular expression takes too long on a long article (it backtracks "
            "heavily). Simplify it, for example by removing nested repeats like (a+)+."
        )
    return None
