"""A JSON parser for reader input: bounded in size and depth, strict about the top level."""

from __future__ import annotations

import json

from django.conf import settings
from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser


class BodyTooLarge(ParseError):
    status_code = 413


class ReaderJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        limit = settings.COMMENTS_MAX_REQUEST_BYTES
        raw = stream.read(limit + 1) if stream is not None else b""
        if len(raw) > limit:
            raise BodyTooLarge({"request": [f"The request is larger than {limit // 1024} KB."]})
        if not raw.strip():
            raise ParseError({"request": ["Send the comment as a JSON object."]})
        try:
            data = json.loads(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ParseError({"request": ["The request is not valid UTF-8."]}) from error
        except RecursionError as error:
            raise ParseError({"request": ["The JSON is nested too deeply."]}) from error
        except ValueError as error:
            raise ParseError({"request": ["The request is not valid JSON."]}) from error
        if not isinstance(data, dict):
            raise ParseError({"request": ["Send the comment as a JSON object."]})
        return data
