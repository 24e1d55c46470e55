"""The languages articles are published in (docs/languages.md): the locales the settings name,
and each language's fallback chain."""
