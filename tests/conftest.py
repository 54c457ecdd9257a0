"""Shared fixtures: the bundled example corpus and a generated corpus of many small reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

pytest_plugins = ["tests.postgres"]  # the PostgreSQL server and the store URLs of both backends

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"

CITIES = [
    ("Kandahar", "Afghanistan"),
    ("Mogadishu", "Somalia"),
    ("Maiduguri", "Nigeria"),
    ("Peshawar", "Pakistan"),
    ("Baghdad", "Iraq"),
    ("Quetta", "Pakistan"),
    ("Kabul", "Afghanistan"),
    ("Mosul", "Iraq"),
]


def generated_reports(count: int) -> list[dict[str, str]]:
    """Short, varied wire reports written for tests (never real articles)."""
    reports = []
    for n in range(count):
        city, country = CITIES[n % len(CITIES)]
        day = 1 + n % 27
        month = 1 + (n // 27) % 12
        killed, wounded = 2 + n % 17, 3 + n % 23
        reports.append(
            {
                "id": f"gen-{n:04d}",
                "title": f"Blast in {city} kills {killed}",
                "published": f"2019-{month:02d}-{min(day + 1, 28):02d}",
                "text": (
                    f"A bomb exploded at a bus station in {city}, {country}, on "
                    f"2019-{month:02d}-{day:02d}, killing {killed} people and wounding "
                    f"{wounded} others, officials said. No group claimed responsibility. "
                    f"Report number {n} from the test desk."
                ),
            }
        )
    return reports


@pytest.fixture
def examples_dir() -> Path:
    return EXAMPLES


@pytest.fixture
def many_reports(tmp_path: Path) -> Path:
    path = tmp_path / "many.jsonl"
    with path.open("w", encoding="utf-8") as handle:
        for record in generated_reports(200):
            handle.write(json.dumps(record) + "\n")
    return path
