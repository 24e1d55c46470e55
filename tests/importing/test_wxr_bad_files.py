"""Files that are not sound WordPress exports, and the ways an export is handed to the reader:
each refused with a clear ExportError, memory flat on a large one."""

from __future__ import annotations

import io
import time
import tracemalloc

import pytest

from blog.importing.wxr import (
    ExportError,
    WxrItem,
    read_export,
    scan_export,
)
from tests.importing.test_wxr import EXPORTS, export, read_all


@pytest.mark.parametrize("name", ["billion_laughs.xml", "external_entity.xml"])
def test_a_file_declaring_a_dtd_is_refused_before_anything_is_expanded(name):
    started = time.perf_counter()
    with pytest.raises(ExportError, match="declares a DTD, which a WordPress export never does"):
        list(read_export(EXPORTS / name))
    with pytest.raises(ExportError, match="refusing it"):
        scan_export(EXPORTS / name)
    assert time.perf_counter() - started < 1


def test_a_saved_web_page_is_named_as_such():
    page = io.BytesIO(b"<!DOCTYPE html>\n<html><head><title>Log in</title></head></html>")
    with pytest.raises(ExportError, match=r"is a web page \(HTML\), not a WordPress export"):
        list(read_export(page))


def test_an_ordinary_rss_feed_is_refused_before_any_item_is_given():
    entries = []
    with pytest.raises(ExportError, match=r"not a WordPress export \(WXR\) file.*RSS feed"):
        entries.extend(read_export(EXPORTS / "not_wxr_rss.xml"))
    assert entries == []


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            b'<feed xmlns="http://www.w3.org/2005/Atom"><title>Clinic</title></feed>',
            r"not a WordPress export \(WXR\) file: its outermost element is <feed>",
        ),
        (b'<rss version="2.0"></rss>', r"its <rss> element has no <channel>"),
        (b"<rss><channel><title>Clinic</title></channel></rss>", r"no wp:wxr_version"),
    ],
)
def test_xml_that_is_not_a_wordpress_export_is_refused(data, message):
    with pytest.raises(ExportError, match=message):
        scan_export(io.BytesIO(data))


def test_a_file_that_is_not_xml_is_refused():
    with pytest.raises(ExportError, match=r"'not_xml.xml' is not an XML file"):
        scan_export(EXPORTS / "not_xml.xml")


@pytest.mark.parametrize("data", [b"", b"  \n\n\t ", b"\xef\xbb\xbf\n"])
def test_an_empty_file_is_refused_as_empty(data):
    with pytest.raises(ExportError, match="is empty"):
        scan_export(io.BytesIO(data))


def test_the_empty_export_file_is_refused_as_empty():
    with pytest.raises(ExportError, match=r"'empty.xml' is empty"):
        scan_export(EXPORTS / "empty.xml")


def test_a_truncated_export_gives_what_it_can_but_scanning_refuses_it_whole():
    path = EXPORTS / "truncated.xml"
    entries = []
    with pytest.raises(ExportError, match="looks cut off") as refused:
        entries.extend(read_export(path))
    # Streaming: the site and the complete first item came before the damage was reached.
    assert [getattr(entry, "wp_id", None) for entry in entries] == [None, 60]
    last_line = len(path.read_text(encoding="utf-8").splitlines())
    assert refused.value.line == last_line
    assert f"line {last_line}, column" in str(refused.value)
    with pytest.raises(ExportError, match="looks cut off"):
        scan_export(path)


def test_broken_xml_is_refused_with_its_line_and_column():
    source = export(
        "<item><title>Shoes for flat feet</title>\n<wp:post_id>2</wp:post_id>\n"
        "<title>Socks & shoes</title></item>"
    )
    lines = source.getvalue().decode().splitlines()
    line = next(n for n, text in enumerate(lines, 1) if "Socks &" in text)
    ampersand = lines[line - 1].index("&") + 1
    with pytest.raises(ExportError, match="is not well-formed XML") as refused:
        scan_export(source)
    column = refused.value.column
    assert refused.value.line == line
    assert ampersand <= column <= ampersand + 1  # expat points at or just past the "&"
    assert f"line {line}, column {column}" in refused.value.message


def test_blank_lines_before_the_xml_declaration_are_tolerated_and_counted():
    good = b"\n\n" + export("<item><wp:post_id>6</wp:post_id></item>").getvalue()
    assert list(read_all(io.BytesIO(good))[1]) == [6]
    bad = b"\r\n\n" + export("<item><title>a & b</title></item>").getvalue()
    line = (
        bad.decode().replace("\r\n", "\n").splitlines().index("<item><title>a & b</title></item>")
    )
    with pytest.raises(ExportError) as refused:
        scan_export(io.BytesIO(bad))
    assert refused.value.line == line + 1


# Where the export comes from


def test_reads_from_a_path_string_a_path_or_an_open_binary_file():
    path = EXPORTS / "classic.xml"
    assert scan_export(str(path)).total_items == scan_export(path).total_items == 3
    with path.open("rb") as stream:
        assert scan_export(stream).total_items == 3
        assert not stream.closed  # the caller's file stays the caller's


def test_an_uploaded_file_is_named_by_its_file_name_only():
    upload = io.BytesIO(b"")
    upload.name = "/srv/uploads/abc123/clinic-export.xml"
    with pytest.raises(ExportError, match=r"^The file 'clinic-export.xml' is empty"):
        scan_export(upload)


def test_a_missing_file_is_an_export_error(tmp_path):
    with pytest.raises(ExportError, match=r"'nowhere.xml' cannot be opened"):
        scan_export(tmp_path / "nowhere.xml")


# Memory


def test_a_large_export_is_read_with_flat_memory(tmp_path):
    """20,000 items in ~40 MB: the reader holds one item at a time, never the file.

    The items are lean (an id and a long body) so the run stays quick under tracemalloc,
    whose cost grows with the number of elements, not with the bytes.
    """
    path = tmp_path / "large.xml"
    paragraph = b"<p>Keep the dressing dry and change it every second day.</p>" * 33
    with path.open("wb") as out:
        out.write(export().getvalue().split(b"</channel>")[0])
        for number in range(1, 20_001):
            out.write(
                b"<item><wp:post_id>%d</wp:post_id>"
                b"<content:encoded><![CDATA[%s]]></content:encoded></item>\n" % (number, paragraph)
            )
        out.write(b"</channel></rss>\n")
    size = path.stat().st_size
    assert size > 38_000_000

    tracemalloc.start()
    try:
        count = last_id = 0
        for entry in read_export(path):
            if isinstance(entry, WxrItem):
                count, last_id = count + 1, entry.wp_id
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert (count, last_id) == (20_000, 20_000)
    assert peak < 20_000_000, f"peak {peak / 1e6:.1f} MB for a {size / 1e6:.0f} MB file"
