"""Tests of the Wagtail admin screens (blog/admin/)."""
