"""Build ``src/incidex/web/static/world.svg``: a small equirectangular world outline for /map.

Run offline once, by hand; the output is committed, so the app never downloads map data.
The source is Natural Earth's 1:110m countries (public domain) as shipped inside the
``geopandas`` 0.14 wheel (``geopandas/datasets/naturalearth_lowres``):

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne
    python tools/world_outline.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

The shapefile is read with ``struct`` (no GIS dependency), each ring is simplified with
Douglas-Peucker and projected to x = longitude + 180, y = 90 - latitude (viewBox 0 0 360 180).
"""

from __future__ import annotations

import struct
import sys
import zipfile
from pathlib import Path

SHP = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres.shp"
OUT = Path(__file__).resolve().parent.parent / "src/incidex/web/static/world.svg"
TOLERANCE = 0.25  # degrees
Point = tuple[float, float]


def rings(data: bytes) -> list[list[Point]]:
    """Every polygon ring of a shapefile (shape type 5) as (lon, lat) points."""
    found: list[list[Point]] = []
    offset = 100
    while offset < len(data):
        _, length = struct.unpack(">ii", data[offset : offset + 8])
        record = data[offset + 8 : offset + 8 + 2 * length]
        offset += 8 + 2 * length
        (kind,) = struct.unpack("<i", record[:4])
        if kind != 5:
            continue
        nparts, npoints = struct.unpack("<ii", record[36:44])
        parts = list(struct.unpack(f"<{nparts}i", record[44 : 44 + 4 * nparts]))
        base = 44 + 4 * nparts
        coords = struct.unpack(f"<{2 * npoints}d", record[base : base + 16 * npoints])
        points = [(coords[2 * i], coords[2 * i + 1]) for i in range(npoints)]
        for start, end in zip(parts, parts[1:] + [npoints], strict=True):
            found.append(points[start:end])
    return found


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative."""
    if len(points) < 3:
        return points
    keep = {0, len(points) - 1}
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x1, y1), (x2, y2) = points[first], points[last]
        dx, dy = x2 - x1, y2 - y1
        norm = (dx * dx + dy * dy) ** 0.5
        best, index = 0.0, first
        for i in range(first + 1, last):
            x, y = points[i]
            if norm:
                dist = abs(dy * x - dx * y + x2 * y1 - y2 * x1) / norm
            else:
                dist = ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
            if dist > best:
                best, index = dist, i
        if best > tolerance:
            keep.add(index)
            stack += [(first, index), (index, last)]
    return [points[i] for i in sorted(keep)]


def path(ring: list[Point]) -> str:
    coords = [f"{lon + 180:.1f} {90 - lat:.1f}" for lon, lat in ring]
    return "M" + "L".join(coords) + "Z"


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        data = archive.read(SHP)
    paths = [path(s) for r in rings(data) if len(s := simplify(r, TOLERANCE)) >= 4]
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 360 180">'
        "<!-- Natural Earth 1:110m countries (public domain), simplified; "
        "equirectangular: x = lon + 180, y = 90 - lat -->"
        '<path fill="#dfe5ea" stroke="#9aa8b4" stroke-width="0.2" stroke-linejoin="round" d="'
        + "".join(paths)
        + '"/></svg>\n'
    )
    OUT.write_text(svg, encoding="utf-8")
    print(f"wrote {OUT} ({len(svg)} bytes, {len(paths)} rings)")


if __name__ == "__main__":
    main(sys.argv[1])
