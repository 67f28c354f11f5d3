"""The site's icon: an SVG linked from every page, and /favicon.ico where browsers look first."""

import re
import struct


def test_every_page_links_its_svg_icon(client):
    html = client.get("/projects").get_data(as_text=True)
    match = re.search(r'<link rel="icon" href="([^"]+)" type="image/svg\+xml">', html)
    assert match, "no icon linked"
    with client.get(match.group(1)) as response:
        assert response.status_code == 200 and response.mimetype == "image/svg+xml"
        assert response.get_data(as_text=True).startswith("<svg ")


def test_favicon_ico_is_a_real_icon(client):
    with client.get("/favicon.ico") as response:
        data = response.get_data()
    assert response.status_code == 200
    assert response.mimetype in ("image/vnd.microsoft.icon", "image/x-icon")
    reserved, kind, count = struct.unpack("<HHH", data[:6])
    assert (reserved, kind, count) == (0, 1, 1)  # an icon file with one image
    assert data[22:30] == b"\x89PNG\r\n\x1a\n"  # the image, a PNG inside the icon
    assert response.cache_control.max_age and response.cache_control.public
