"""Build ``src/incidex/web/static/world.geojson``: the country outlines the /map page draws.

Run offline once, by hand; the output is committed, so the app never downloads map data.
The source is Natural Earth's 1:110m countries (public domain, complete: 177 countries) as
shipped inside the ``geopandas`` 0.14 wheel (``geopandas/datasets/naturalearth_lowres``):

    pip download --no-deps geopandas==0.14.4 -d /tmp/ne
    python tools/world_outline.py /tmp/ne/geopandas-0.14.4-py3-none-any.whl

The shapefile and its attribute table are read with ``struct`` (no GIS dependency); each ring
is lightly simplified with Douglas-Peucker and written in WGS84 degrees with two decimals
(about a kilometre), one Feature per country with its ``name`` and ``iso_a3``.
"""

from __future__ import annotations

import json
import struct
import sys
import zipfile
from pathlib import Path

BASE = "geopandas/datasets/naturalearth_lowres/naturalearth_lowres"
OUT = Path(__file__).resolve().parent.parent / "src/incidex/web/static/world.geojson"
TOLERANCE = 0.02  # degrees
ENCODING = "latin-1"  # the .cpg beside the table says ISO-8859-1
Point = tuple[float, float]


def shapes(data: bytes) -> list[list[list[Point]]]:
    """The rings of each record of a polygon shapefile (shape type 5), in record order."""
    found: list[list[list[Point]]] = []
    offset = 100
    while offset < len(data):
        _, length = struct.unpack(">ii", data[offset : offset + 8])
        record = data[offset + 8 : offset + 8 + 2 * length]
        offset += 8 + 2 * length
        (kind,) = struct.unpack("<i", record[:4])
        if kind != 5:
            found.append([])
            continue
        nparts, npoints = struct.unpack("<ii", record[36:44])
        parts = list(struct.unpack(f"<{nparts}i", record[44 : 44 + 4 * nparts]))
        base = 44 + 4 * nparts
        coords = struct.unpack(f"<{2 * npoints}d", record[base : base + 16 * npoints])
        points = [(coords[2 * i], coords[2 * i + 1]) for i in range(npoints)]
        found.append([points[a:b] for a, b in zip(parts, parts[1:] + [npoints], strict=True)])
    return found


def records(data: bytes) -> list[dict[str, str]]:
    """The rows of a dBase III table, every field as stripped text."""
    count, header, size = struct.unpack("<IHH", data[4:12])
    fields: list[tuple[str, int]] = []
    at = 32
    while data[at] != 0x0D:
        name = data[at : at + 11].split(b"\0")[0].decode("ascii")
        fields.append((name, data[at + 16]))
        at += 32
    rows = []
    for n in range(count):
        row = data[header + n * size : header + (n + 1) * size]
        pos, values = 1, {}  # byte 0 is the deletion flag
        for name, width in fields:
            values[name] = row[pos : pos + width].decode(ENCODING).strip()
            pos += width
        rows.append(values)
    return rows


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


def signed_area(ring: list[Point]) -> float:
    return (
        sum(x1 * y2 - x2 * y1 for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def polygons(rings: list[list[Point]]) -> list[list[list[list[float]]]]:
    """GeoJSON polygons: a shapefile's outer rings run clockwise, its holes counter-clockwise;
    each hole joins the outer ring before it."""
    found: list[list[list[list[float]]]] = []
    for ring in rings:
        thin = simplify(ring, TOLERANCE)
        if len(thin) < 4:
            continue
        coords = [[round(x, 2), round(y, 2)] for x, y in thin]
        if signed_area(ring) < 0 or not found:  # clockwise: a new outer ring
            found.append([coords[::-1]])  # GeoJSON (RFC 7946): outer rings counter-clockwise
        else:
            found[-1].append(coords[::-1])
    return found


def main(wheel: str) -> None:
    with zipfile.ZipFile(wheel) as archive:
        geometry = shapes(archive.read(BASE + ".shp"))
        table = records(archive.read(BASE + ".dbf"))
    features = []
    for attributes, rings in zip(table, geometry, strict=True):
        parts = polygons(rings)
        if not parts:
            continue
        features.append(
            {
                "type": "Feature",
                "properties": {"name": attributes["name"], "iso_a3": attributes["iso_a3"]},
                "geometry": {"type": "MultiPolygon", "coordinates": parts},
            }
        )
    collection = {
        "type": "FeatureCollection",
        "name": "Natural Earth 1:110m countries (public domain), simplified",
        "features": features,
    }
    text = json.dumps(collection, separators=(",", ":"), ensure_ascii=False) + "\n"
    OUT.write_text(text, encoding="utf-8")
    print(f"wrote {OUT} ({len(text)} bytes, {len(features)} countries)")


if __name__ == "__main__":
    main(sys.argv[1])
