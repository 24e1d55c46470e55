"""Moving a clinic's content in from elsewhere: the WordPress export (WXR) import."""
