"""A real S3-compatible server on loopback for the media tests: moto's standalone server.

It runs as its own process (`python -m moto.server`), so the CMS talks to it over HTTP exactly
as it would talk to S3, MinIO or R2, and a test can stop it to see an outage. Nothing in the
CMS is patched: only the endpoint differs.
"""

from __future__ import annotations

import contextlib
import json
import os
import runpy
import subprocess
import sys
import time
import urllib.error
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from botocore.client import BaseClient

from tests.live import free_port, http

ROOT = Path(__file__).resolve().parent.parent
REGION = "us-east-1"
# moto accepts any credentials; real-looking ones keep boto3 from searching the machine.
ACCESS_KEY = "testing-access-key"
SECRET_KEY = "testing-secret-key"


class S3Unavailable(RuntimeError):
    """moto's server could not be started here (not a failure of the code under test)."""


@dataclass
class S3Server:
    """One moto server process on a loopback port, with helpers to reach its buckets."""

    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None
    log_path: Path | None = None

    @property
    def endpoint(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout: float = 30) -> S3Server:
        self.log_path = ROOT / ".pytest_cache" / f"moto-{self.port}.log"
        self.log_path.parent.mkdir(exist_ok=True)
        with self.log_path.open("w") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(self.port)],
                cwd=ROOT,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise S3Unavailable(f"moto server exited:\n{self.log()}")
            with contextlib.suppress(OSError):
                # moto's own status endpoint; any answer means it is listening.
                if http("GET", f"{self.endpoint}/moto-api/", timeout=2)[0] < 500:
                    return self
            time.sleep(0.1)
        self.stop()
        raise S3Unavailable(f"moto server did not start:\n{self.log()}")

    def log(self) -> str:
        return self.log_path.read_text() if self.log_path and self.log_path.exists() else ""

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)

    def client(self) -> BaseClient:
        import boto3

        return boto3.client(
            "s3",
            endpoint_url=self.endpoint,
            region_name=REGION,
            aws_access_key_id=ACCESS_KEY,
            aws_secret_access_key=SECRET_KEY,
        )

    def create_bucket(self, prefix: str = "clinic-media") -> str:
        name = f"{prefix}-{uuid.uuid4().hex[:8]}"
        self.client().create_bucket(Bucket=name)
        return name

    def make_public(self, bucket: str) -> None:
        """Let anyone read objects, as a public media bucket (or its CDN) does in production."""
        policy = {
            "Version": "2012-10-17",
            "Statement": [
                {
                    "Sid": "PublicRead",
                    "Effect": "Allow",
                    "Principal": "*",
                    "Action": "s3:GetObject",
                    "Resource": f"arn:aws:s3:::{bucket}/*",
                }
            ],
        }
        self.client().put_bucket_policy(Bucket=bucket, Policy=json.dumps(policy))

    def keys(self, bucket: str) -> list[str]:
        pages = self.client().get_paginator("list_objects_v2").paginate(Bucket=bucket)
        return [item["Key"] for page in pages for item in page.get("Contents", [])]

    def public_domain(self, bucket: str) -> str:
        """The custom domain that makes public URLs path-style: host:port/bucket."""
        return f"127.0.0.1:{self.port}/{bucket}"

    def env(self, bucket: str) -> dict[str, str]:
        """The same configuration as environment variables, as a deployment sets it."""
        return {
            "AWS_STORAGE_BUCKET_NAME": bucket,
            "AWS_S3_ENDPOINT_URL": self.endpoint,
            "AWS_S3_REGION_NAME": REGION,
            "AWS_ACCESS_KEY_ID": ACCESS_KEY,
            "AWS_SECRET_ACCESS_KEY": SECRET_KEY,
            "AWS_S3_CUSTOM_DOMAIN": self.public_domain(bucket),
            "AWS_S3_URL_PROTOCOL": "http:",
            "AWS_S3_ADDRESSING_STYLE": "path",
        }


def fetch(url: str) -> tuple[int, dict[str, str], bytes]:
    """An anonymous GET, as a reader's browser or a CDN would make it."""
    try:
        return http("GET", url, timeout=10)
    except urllib.error.URLError as error:
        raise AssertionError(f"could not fetch {url}: {error}") from error


def storage_settings(env: dict[str, str]) -> dict[str, object]:
    """STORAGES["default"] exactly as cms/settings/media.py builds it from these variables.

    The settings file is executed afresh with the variables set, so the in-process tests use
    the production configuration, not a copy of it that could drift.
    """
    saved = dict(os.environ)
    os.environ.update(env)
    try:
        namespace = runpy.run_path(str(ROOT / "cms" / "settings" / "media.py"))
    finally:
        os.environ.clear()
        os.environ.update(saved)
    return namespace["MEDIA_STORAGE"]


def start_or_skip() -> S3Server:
    """Start a server, trying a few ports; skip (not fail) only if moto cannot run at all."""
    import pytest

    errors = []
    for _ in range(3):
        try:
            return S3Server().start()
        except S3Unavailable as error:  # e.g. the port was taken between choosing and binding
            errors.append(str(error))
    pytest.skip("moto's S3 server cannot start here:\n" + "\n".join(errors))
