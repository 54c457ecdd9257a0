"""Incidents in Iraq, Syria and Afghanistan for the map and timeline tests: towns a few hundred
kilometres apart in three neighbouring regions, two groups, three attack types, spread over
months. The sentences are written for these tests."""

from __future__ import annotations

from datetime import date, timedelta

from incidex.fuse.service import FusionService
from incidex.store.database import Store
from tests.web.corpus import article

TOWNS = {  # town: (country, latitude, longitude)
    "Baghdad": ("Iraq", 33.31, 44.36),
    "Mosul": ("Iraq", 36.34, 43.13),
    "Basra": ("Iraq", 30.51, 47.78),
    "Aleppo": ("Syria", 36.20, 37.16),
    "Damascus": ("Syria", 33.51, 36.29),
    "Raqqa": ("Syria", 35.95, 39.01),
    "Kabul": ("Afghanistan", 34.53, 69.17),
    "Kandahar": ("Afghanistan", 31.61, 65.71),
    "Jalalabad": ("Afghanistan", 34.43, 70.45),
}
ISIL = "Islamic State of Iraq and the Levant (ISIL)"
TALIBAN = "Taliban"
ATTACKS = {  # attack type: the words that report it
    "Bombing/Explosion": "A car bomb exploded",
    "Armed Assault": "Gunmen opened fire",
    "Assassination": "Attackers shot dead a local official",
}
# town, month of 2023, attack type, group, killed, wounded
EVENTS = [
    ("Baghdad", 1, "Bombing/Explosion", ISIL, 12, 30),
    ("Baghdad", 3, "Armed Assault", ISIL, 4, 9),
    ("Baghdad", 6, "Bombing/Explosion", ISIL, 7, 20),
    ("Mosul", 2, "Armed Assault", ISIL, 3, 5),
    ("Mosul", 5, "Assassination", ISIL, 1, 0),
    ("Basra", 4, "Bombing/Explosion", ISIL, 6, 14),
    ("Aleppo", 1, "Bombing/Explosion", ISIL, 9, 25),
    ("Aleppo", 4, "Armed Assault", ISIL, 2, 3),
    ("Damascus", 2, "Bombing/Explosion", ISIL, 5, 11),
    ("Raqqa", 6, "Assassination", ISIL, 1, 2),
    ("Kabul", 1, "Bombing/Explosion", TALIBAN, 15, 40),
    ("Kabul", 2, "Armed Assault", TALIBAN, 6, 8),
    ("Kabul", 5, "Bombing/Explosion", ISIL, 20, 35),
    ("Kandahar", 3, "Armed Assault", TALIBAN, 4, 6),
    ("Kandahar", 6, "Assassination", TALIBAN, 1, 1),
    ("Jalalabad", 4, "Bombing/Explosion", ISIL, 8, 17),
]
COUNTS = {"Iraq": 6, "Syria": 4, "Afghanistan": 6}


def add_map_reports(url: str) -> None:
    """Store one report per event (each its own incident: other towns or months apart)."""
    store = Store(url)
    try:
        for n, (town, month, attack, group, killed, wounded) in enumerate(EVENTS):
            country, lat, lon = TOWNS[town]
            day = date(2023, month, 10 + n % 9)
            text = (
                f"{ATTACKS[attack]} in {town}, {country}, on {day.isoformat()}, killing "
                f"{killed} people and wounding {wounded}. Officials blamed {group}."
            )
            doc, mentions = article(
                f"region-{n:02d}",
                f"{attack} in {town}",
                text,
                day + timedelta(days=1),
                {
                    "date": (day.isoformat(), day.isoformat()),
                    "country": (country, country),
                    "city": (town, town),
                    "attacktype": (attack, ATTACKS[attack]),
                    "gname": (group, group),
                    "nkill": (str(killed), f"killing {killed} people"),
                    "nwound": (str(wounded), f"wounding {wounded}"),
                    "latitude": (str(lat), town),
                    "longitude": (str(lon), town),
                },
            )
            with store.session() as session:
                FusionService(session).save_document(doc, mentions)
    finally:
        store.close()
