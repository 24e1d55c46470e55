"""The optional Akismet layer, against a fake Akismet server on this machine."""

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qs

import pytest

from blog.models import ReaderComment
from tests.comment_utils import post
from tests.factories import ArticlePageFactory


class FakeAkismet(BaseHTTPRequestHandler):
    received: list[dict] = []

    def do_POST(self):
        fields = {
            k: v[0]
            for k, v in parse_qs(
                self.rfile.read(int(self.headers["Content-Length"])).decode()
            ).items()
        }
        FakeAkismet.received.append(fields)
        verdict = b"true" if "viagra" in fields.get("comment_content", "") else b"false"
        self.send_response(200)
        self.end_headers()
        self.wfile.write(verdict)

    def log_message(self, *args):
        pass


@pytest.fixture
def akismet(settings):
    server = HTTPServer(("127.0.0.1", 0), FakeAkismet)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = f"http://127.0.0.1:{server.server_port}"
    FakeAkismet.received = []
    yield FakeAkismet
    server.shutdown()


def test_akismet_spam_verdict_marks_spam(client, index, akismet):
    article = ArticlePageFactory(parent=index)
    post(client, article, body="cheap viagra here")
    post(client, article, body="A genuine question", email="real@example.com")
    assert ReaderComment.objects.get(body="cheap viagra here").status == "spam"
    assert ReaderComment.objects.get(body="A genuine question").status == "pending"
    sent = akismet.received[0]
    assert sent["api_key"] == "test-key" and sent["user_ip"] == "127.0.0.1"
    assert sent["permalink"].endswith(f"/articles/{article.slug}/")


def test_unreachable_akismet_does_not_block_posting(client, index, settings):
    settings.AKISMET_API_KEY = "test-key"
    settings.AKISMET_URL = "http://127.0.0.1:9"  # nothing listens here
    article = ArticlePageFactory(parent=index)
    assert post(client, article).status_code == 201
    assert ReaderComment.objects.get().status == "pending"


def test_akismet_is_not_called_without_a_key(client, index, akismet, settings):
    settings.AKISMET_API_KEY = ""
    post(client, ArticlePageFactory(parent=index))
    assert akismet.received == []
