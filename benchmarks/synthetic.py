"""A deterministic synthetic news corpus for the scale benchmarks (our own template sentences).

Each attack gets a date between 2000 and 2024, a town from a fixed list, a group, a target and a
toll; about one attack in eight is reported twice (a later article with an updated toll), so the
store has cross-document fusion to do at every size, as it would with a real feed.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path

PLACES = [
    ("Kabul", "Afghanistan"),
    ("Kandahar", "Afghanistan"),
    ("Jalalabad", "Afghanistan"),
    ("Baghdad", "Iraq"),
    ("Mosul", "Iraq"),
    ("Kirkuk", "Iraq"),
    ("Peshawar", "Pakistan"),
    ("Quetta", "Pakistan"),
    ("Karachi", "Pakistan"),
    ("Maiduguri", "Nigeria"),
    ("Mogadishu", "Somalia"),
    ("Kismayo", "Somalia"),
    ("Aden", "Yemen"),
    ("Damascus", "Syria"),
    ("Aleppo", "Syria"),
    ("Bamako", "Mali"),
    ("Gao", "Mali"),
    ("Ouagadougou", "Burkina Faso"),
    ("Manila", "Philippines"),
    ("Cotabato", "Philippines"),
    ("Istanbul", "Turkey"),
    ("Cairo", "Egypt"),
    ("Arish", "Egypt"),
    ("Tripoli", "Libya"),
    ("Benghazi", "Libya"),
    ("Nairobi", "Kenya"),
    ("Mombasa", "Kenya"),
    ("Kolkata", "India"),
    ("Srinagar", "India"),
    ("Dhaka", "Bangladesh"),
    ("Colombo", "Sri Lanka"),
    ("Niamey", "Niger"),
    ("Herat", "Afghanistan"),
    ("Basra", "Iraq"),
    ("Fallujah", "Iraq"),
    ("Lahore", "Pakistan"),
    ("Kano", "Nigeria"),
    ("Baidoa", "Somalia"),
    ("Sanaa", "Yemen"),
    ("Homs", "Syria"),
    ("Mopti", "Mali"),
    ("Timbuktu", "Mali"),
    ("Zamboanga", "Philippines"),
    ("Ankara", "Turkey"),
    ("Alexandria", "Egypt"),
    ("Sirte", "Libya"),
    ("Garissa", "Kenya"),
    ("Imphal", "India"),
    ("Chittagong", "Bangladesh"),
    ("Diffa", "Niger"),
    ("Goma", "Democratic Republic of the Congo"),
    ("Beni", "Democratic Republic of the Congo"),
    ("Pemba", "Mozambique"),
    ("Maroua", "Cameroon"),
    ("Bangui", "Central African Republic"),
    ("Juba", "South Sudan"),
    ("Medellin", "Colombia"),
    ("Cali", "Colombia"),
    ("Bogota", "Colombia"),
    ("Jakarta", "Indonesia"),
    ("Makassar", "Indonesia"),
]
GROUPS = [
    "Al-Shabaab",
    "Taliban",
    "Boko Haram",
    "the Islamic State",
    "Tehrik-i-Taliban Pakistan",
    "Abu Sayyaf",
    "the Houthis",
    "Jamaat Nusrat al-Islam wal Muslimin",
]
ATTACKS = [
    ("A car bomb exploded near {target} in {city}, {country}", "the bombing"),
    ("Gunmen opened fire on {target} in {city}, {country}", "the shooting"),
    ("A suicide bomber blew himself up at {target} in {city}, {country}", "the blast"),
    ("Militants stormed {target} in {city}, {country}", "the assault"),
]
TARGETS = [
    "a police station",
    "a crowded market",
    "an army checkpoint",
    "a mosque",
    "a government office",
    "a bus station",
    "a school",
    "a hotel",
]


def _article(
    rng: random.Random,
    day: date,
    place: tuple[str, str],
    toll: tuple[int, int],
    group: str | None,
    update: bool,
) -> str:
    city, country = place
    lead, name = rng.choice(ATTACKS)
    killed, wounded = toll
    opening = lead.format(target=rng.choice(TARGETS), city=city, country=country)
    text = (
        f"{opening} on {day:%B} {day.day}, {day.year}, killing {killed} people and wounding "
        f"{wounded} others, officials said."
    )
    if update:
        text += f" The toll from {name} rose to {killed} overnight, hospital staff said."
    if group:
        text += f" {group[0].upper()}{group[1:]} claimed responsibility for {name} in a statement."
    else:
        text += " No group has claimed responsibility so far."
    return text + " Security forces sealed off the area and began a search."


def records(count: int, seed: int = 7) -> Iterator[dict[str, str]]:
    """``count`` JSONL records (id, title, published, text), the same for the same seed."""
    rng = random.Random(seed)
    made = 0
    attack = 0
    while made < count:
        attack += 1
        day = date(2000, 1, 1) + timedelta(days=rng.randrange(25 * 365))
        place = rng.choice(PLACES)
        group = rng.choice(GROUPS) if rng.random() < 0.6 else None
        killed, wounded = rng.randrange(1, 60), rng.randrange(0, 120)
        reports = 2 if rng.random() < 0.125 else 1
        for report in range(reports):
            if made >= count:
                break
            toll = (killed + 3 * report, wounded)
            published = day + timedelta(days=report)
            yield {
                "id": f"syn-{attack:06d}-{report}",
                "title": f"Attack in {place[0]}",
                "published": published.isoformat(),
                "text": _article(rng, day, place, toll, group, update=report > 0),
            }
            made += 1


def write(path: Path, count: int, seed: int = 7) -> Path:
    """Write ``count`` records to ``path`` as JSONL."""
    with path.open("w", encoding="utf-8") as handle:
        for record in records(count, seed):
            handle.write(json.dumps(record) + "\n")
    return path
