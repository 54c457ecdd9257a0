"""A small store of invented incidents for the filter tests (store, API, CLI, pages): groups of
the gazetteer and its branches, a group it does not know, countries of several GTD regions, every
kind of type, known and unknown tolls. No NLP: the mentions are built by hand."""

from __future__ import annotations

from datetime import date

from incidex.fuse.service import FusionService
from incidex.store.database import Store
from tests.factories import document, mention

ISIL = "Islamic State of Iraq and the Levant (ISIL)"
ISKP = "Khorasan Chapter of the Islamic State"
CAUCASUS = "Caucasus Province of the Islamic State"

# doc id -> (text, the mention's fields)
INCIDENTS: dict[str, tuple[str, dict[str, str]]] = {
    "f-kabul": (
        "A bomb went off beside a shrine in the west of the city during evening prayers.",
        dict(date="2023-05-02", country="Afghanistan", city="Kabul", gname=ISKP,
             attacktype="Bombing/Explosion", weaptype="Explosives",
             targtype="Religious Figures/Institutions", nkill="12", nwound="30"),
    ),
    "f-raqqa": (
        "Gunmen fired on an army post on the road out of town before dawn.",
        dict(date="2022-11-10", country="Syria", city="Raqqa", gname=ISIL,
             attacktype="Armed Assault", weaptype="Firearms", targtype="Military",
             nkill="5", nwound="2", claimed="1"),
    ),
    "f-volgograd": (
        "A device left on a tram platform exploded at the morning rush hour.",
        dict(date="2021-03-15", country="Russia", city="Volgograd", gname=CAUCASUS,
             attacktype="Bombing/Explosion", weaptype="Explosives", targtype="Transportation",
             nkill="7", nwound="40", latitude="48.7", longitude="44.5"),
    ),
    "f-maiduguri": (
        "Armed men took pupils from a boarding school on the edge of town.",
        dict(date="2023-01-20", country="Nigeria", city="Maiduguri", gname="Boko Haram",
             attacktype="Hostage Taking (Kidnapping)", weaptype="Firearms",
             targtype="Educational Institution"),
    ),
    "f-lima": (
        "Arsonists set a warehouse alight overnight and left leaflets signed by a new cell.",
        dict(date="2020-06-01", country="Peru", city="Lima", gname="Ember Night Cell",
             attacktype="Facility/Infrastructure Attack", weaptype="Incendiary",
             targtype="Business", nkill="0", nwound="1"),
    ),
    "f-pune": (
        "Two attackers opened fire at a bus stand, then fled on a motorbike.",
        dict(date="2019-09-09", country="India", city="Pune", attacktype="Armed Assault",
             weaptype="Firearms", targtype="Transportation", nkill="3"),
    ),
    "f-atlantis": (
        "A blast shook the harbour of an island nobody has mapped.",
        dict(date="2018-02-02", country="Atlantis Republic", attacktype="Bombing/Explosion",
             nkill="1"),
    ),
}  # fmt: skip


def build(url: str) -> None:
    """Store every incident of ``INCIDENTS`` (each its own: no two share a country and date)."""
    store = Store(url)
    for doc_id, (text, fields) in INCIDENTS.items():
        with store.session() as s:
            FusionService(s).save_document(
                document(doc_id, text, date(2024, 1, 1)), [mention(doc_id, **fields)]
            )
    store.close()
