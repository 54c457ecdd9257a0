"""The API's typed responses: an incident in GTD's column names with numbers as numbers, flags as
booleans and unknowns as null (the OpenAPI schema says so), the list page and the facets.

Built from the ``Incident`` itself, not from the CSV export's text row, so the CSV layout can
change without changing the API's types.
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from incidex.dates import PartialDate
from incidex.filter_vocab import region_of
from incidex.kb.attribution import contested
from incidex.models import FieldName, Incident

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July", "August", "September",
    "October", "November", "December",
]  # fmt: skip


class IncidentItem(BaseModel):
    """One incident in GTD's column names (``*_txt`` labels); null where nothing is known."""

    model_config = ConfigDict(extra="forbid")

    id: str
    eventid: str
    iyear: int | None
    imonth: int | None = Field(description="0 when only the year is known, as in GTD")
    iday: int | None = Field(description="0 when only the year or month is known, as in GTD")
    approxdate: str | None
    country_txt: str | None
    region_txt: str | None = Field(description="GTD region of the country")
    provstate: str | None
    city: str | None
    latitude: float | None
    longitude: float | None
    specificity: int | None
    attacktype1_txt: str | None
    attacktype2_txt: str | None
    weaptype1_txt: str | None
    targtype1_txt: str | None
    target1: str | None
    gname: str = Field(description='"Unknown" when no group is named, as in GTD')
    gname2: str | None
    claimed: bool
    claimmode_txt: str | None
    nkill: int | None
    nwound: int | None
    nperps: int | None
    nperpcap: int | None
    suicide: bool | None
    multiple: bool | None
    summary: str | None
    incidex_doc_ids: list[str]
    incidex_primary: bool
    incidex_nkill_min: int | None
    incidex_nkill_max: int | None
    incidex_date_precision: str | None = Field(description="day, month or year")
    incidex_contested: bool


class IncidentPage(BaseModel):
    total: int
    limit: int
    offset: int
    filters: dict[str, str] = Field(description="What each criterion resolved to")
    items: list[IncidentItem]


class FacetValue(BaseModel):
    value: str
    count: int


class Facets(BaseModel):
    total: int
    filters: dict[str, str]
    country: list[FacetValue]
    region: list[FacetValue]
    group: list[FacetValue]
    attack: list[FacetValue]


def _number(text: str | None) -> float | None:
    if text is None:
        return None
    try:
        return float(text)
    except ValueError:
        return None


def _int(value: float | str | None) -> int | None:
    number = _number(value) if isinstance(value, str) or value is None else value
    return None if number is None else round(number)


def _flag(text: str | None) -> bool | None:
    number = _number(text)
    return None if number is None else number > 0


def _summary(incident: Incident) -> str | None:
    stated = incident.value(FieldName.SUMMARY)
    if stated:
        return stated
    first = next((m for m in incident.mentions if m.primary), None) or next(
        iter(incident.mentions), None
    )
    return " ".join(first.trigger.sentence.split()) if first else None


def incident_item(incident: Incident, eventid: str | None = None) -> dict[str, Any]:
    """``incident`` as an ``IncidentItem``'s data (plain JSON types); ``eventid`` is its GTD
    event id in the store (``store.eventids``), else its own id."""
    value = incident.value
    when = PartialDate.parse(value(FieldName.DATE))
    approx = None
    if when and when.precision != "day":
        approx = (f"{MONTHS[when.month - 1]} " if when.month else "") + str(when.year)
    nkill = incident.values.get(FieldName.NKILL)
    low = high = None
    if nkill is not None:
        low = _int(nkill.low if nkill.low is not None else nkill.number)
        high = _int(nkill.high if nkill.high is not None else nkill.number)
    country = value(FieldName.COUNTRY)
    return {
        "id": incident.id,
        "eventid": eventid or incident.id,
        "iyear": when.year if when else None,
        "imonth": when.month if when else None,
        "iday": when.day if when else None,
        "approxdate": approx,
        "country_txt": country,
        "region_txt": region_of(country),
        "provstate": value(FieldName.PROVSTATE),
        "city": value(FieldName.CITY),
        "latitude": _number(value(FieldName.LATITUDE)),
        "longitude": _number(value(FieldName.LONGITUDE)),
        "specificity": _int(value(FieldName.SPECIFICITY)),
        "attacktype1_txt": value(FieldName.ATTACKTYPE),
        "attacktype2_txt": value(FieldName.ATTACKTYPE2),
        "weaptype1_txt": value(FieldName.WEAPTYPE),
        "targtype1_txt": value(FieldName.TARGTYPE),
        "target1": value(FieldName.TARGET),
        "gname": value(FieldName.GNAME) or "Unknown",
        "gname2": value(FieldName.GNAME2),
        "claimed": bool(_flag(value(FieldName.CLAIMED))),
        "claimmode_txt": value(FieldName.CLAIMMODE),
        "nkill": _int(value(FieldName.NKILL)),
        "nwound": _int(value(FieldName.NWOUND)),
        "nperps": _int(value(FieldName.NPERPS)),
        "nperpcap": _int(value(FieldName.NPERPCAP)),
        "suicide": _flag(value(FieldName.SUICIDE)),
        "multiple": _flag(value(FieldName.MULTIPLE)),
        "summary": _summary(incident),
        "incidex_doc_ids": list(incident.doc_ids),
        "incidex_primary": incident.primary,
        "incidex_nkill_min": low,
        "incidex_nkill_max": high,
        "incidex_date_precision": when.precision if when else None,
        "incidex_contested": contested(incident.statements),
    }
