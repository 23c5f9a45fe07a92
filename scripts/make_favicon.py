"""Writes api/static/favicon.ico: three linked nodes (a tiny graph) in white on the site's accent red, at 16 and
32 pixels, as 32-bit BMP images in one ICO file. Pure standard library, so it needs no imaging package; run it
again after changing the drawing: `python scripts/make_favicon.py`."""

from __future__ import annotations

import math
import struct
from pathlib import Path

ACCENT = (0xA4, 0x26, 0x2C)  # --accent in api/static/site.css
WHITE = (0xFF, 0xFF, 0xFF)
NODES = [(0.28, 0.30), (0.74, 0.42), (0.40, 0.76)]  # where the nodes sit, as fractions of the size
TARGET = Path(__file__).resolve().parent.parent / "api" / "static" / "favicon.ico"


def _near_segment(x: float, y: float, a, b, width: float) -> bool:
    (ax, ay), (bx, by) = a, b
    dx, dy = bx - ax, by - ay
    t = max(0.0, min(1.0, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(x - ax - t * dx, y - ay - t * dy) <= width


def pixel(x: float, y: float, size: int) -> tuple[int, int, int, int]:
    """RGBA of the pixel whose centre is (x, y) in a size × size image."""
    radius = size * 0.16
    corner = size * 0.2  # rounded corners of the square: transparent outside
    cx, cy = min(max(x, corner), size - corner), min(max(y, corner), size - corner)
    if math.hypot(x - cx, y - cy) > corner:
        return (0, 0, 0, 0)
    points = [(fx * size, fy * size) for fx, fy in NODES]
    if any(math.hypot(x - px, y - py) <= radius for px, py in points):
        return (*WHITE, 255)
    edges = [(points[0], points[1]), (points[1], points[2]), (points[2], points[0])]
    if any(_near_segment(x, y, a, b, max(size * 0.045, 0.8)) for a, b in edges):
        return (*WHITE, 255)
    return (*ACCENT, 255)


def bmp(size: int) -> bytes:
    """The image as an ICO wants it: a BITMAPINFOHEADER of twice the height, BGRA rows bottom up, an AND mask."""
    header = struct.pack("<IiiHHIIiiII", 40, size, size * 2, 1, 32, 0, 0, 0, 0, 0, 0)
    rows = []
    for y in reversed(range(size)):
        row = b"".join(bytes((b, g, r, a)) for r, g, b, a in (pixel(x + 0.5, y + 0.5, size) for x in range(size)))
        rows.append(row)
    mask_row = b"\0" * (((size + 31) // 32) * 4)  # alpha decides; the mask says "opaque" everywhere
    return header + b"".join(rows) + mask_row * size


def ico(sizes=(16, 32)) -> bytes:
    images = [bmp(s) for s in sizes]
    out = struct.pack("<HHH", 0, 1, len(images))
    offset = 6 + 16 * len(images)
    for size, data in zip(sizes, images):
        out += struct.pack("<BBBBHHII", size, size, 0, 0, 1, 32, len(data), offset)
        offset += len(data)
    return out + b"".join(images)


if __name__ == "__main__":
    TARGET.write_bytes(ico())
    print(f"{TARGET}: {TARGET.stat().st_size} bytes")
