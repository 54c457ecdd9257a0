"""A GTD-style ``summary`` composed from an incident's fields and attack frame, as GTD's coders
write them: "MM/DD/YYYY: Assailants detonated an explosive device targeting <target> in <city>,
<province>, <country>. At least N people were killed and M people were injured in the attack.
<Group> claimed responsibility for the incident." (or "No group claimed responsibility ...")."""

from __future__ import annotations

from incidex.dates import PartialDate
from incidex.models import FieldName, Incident, RoleKind

# Attack type -> (what the assailants did with a target, and without one).
ACTIONS = {
    "Bombing/Explosion": (
        "detonated an explosive device targeting {t}",
        "detonated an explosive device",
    ),
    "Armed Assault": ("opened fire on {t}", "carried out an armed assault"),
    "Assassination": ("assassinated {t}", "carried out an assassination"),
    "Hostage Taking (Kidnapping)": ("abducted {t}", "abducted one or more people"),
    "Hostage Taking (Barricade Incident)": ("took {t} hostage", "took hostages"),
    "Hijacking": ("hijacked {t}", "carried out a hijacking"),
    "Facility/Infrastructure Attack": ("attacked {t}", "attacked a facility"),
    "Unarmed Assault": ("attacked {t}", "carried out an unarmed assault"),
}
FALLBACK = ("attacked {t}", "carried out an attack")


def when(value: str | None) -> str:
    """MM/DD/YYYY, MM/YYYY or YYYY as far as the date is known; empty when it is not."""
    date = PartialDate.parse(value) if value else None
    if date is None:
        return ""
    if date.day:
        return f"{date.month:02d}/{date.day:02d}/{date.year}"
    return f"{date.month:02d}/{date.year}" if date.month else str(date.year)


DETERMINERS = {"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her"}


def _target(incident: Incident) -> str | None:
    """The target's words, with "a"/"an" before a bare singular common noun ("pop concert" ->
    "a pop concert"); names, plurals, numbers and determined phrases as written."""
    text = incident.value(FieldName.TARGET)
    if not text:
        frame = incident.roles
        found = frame.of(RoleKind.TARGETS) or frame.of(RoleKind.VICTIMS)
        text = found[0].text if found else None
    if not text:
        return None
    words = text.split()
    head = words[0]
    bare = head[:1].islower() and head.lower() not in DETERMINERS
    singular = not words[-1].endswith("s") or words[-1].endswith("ss")
    if bare and singular and " of " not in f" {words[0]} ":
        return ("an " if head[0] in "aeiou" else "a ") + text
    return text


def _count(value: str | None) -> int | None:
    try:
        return int(float(value)) if value is not None else None
    except ValueError:
        return None


def _people(n: int) -> str:
    return "1 person was" if n == 1 else f"{n} people were"


def casualties(nkill: int | None, nwound: int | None) -> str:
    """The toll sentence; empty when neither count is known."""
    if nkill is None and nwound is None:
        return ""
    if not nkill and not nwound:
        if nkill == 0 and nwound == 0:
            return "No casualties were reported in the attack."
        return (
            "No one was killed in the attack."
            if nkill == 0
            else "No one was injured in the attack."
        )
    parts = []
    if nkill:
        parts.append(f"At least {_people(nkill)} killed")
    if nwound:
        parts.append(("at least " if parts else "At least ") + f"{_people(nwound)} injured")
    return " and ".join(parts) + " in the attack."


def claim(group: str | None, claimed: int) -> str:
    """The claim sentence: 1 claimed, 0 not claimed, -9 unknown."""
    named = group if group and group.lower() != "unknown" else None
    if claimed == 1 and named:
        return f"{named} claimed responsibility for the incident."
    if claimed == 1:
        return "Responsibility for the incident was claimed; the claimant is not known."
    if named and claimed == -9:
        return f"Sources attributed the incident to {named}."
    if named:
        return (
            f"No group claimed responsibility for the incident; sources attributed it to {named}."
        )
    return "No group claimed responsibility for the incident."


def compose(incident: Incident, claimed: int) -> str:
    """The incident's summary in GTD's manner, from its chosen values and role fillers."""
    v = incident.value
    suicide = v(FieldName.SUICIDE) == "1"
    attack = v(FieldName.ATTACKTYPE) or ""
    with_target, without = ACTIONS.get(attack, FALLBACK)
    target = _target(incident)
    action = with_target.format(t=target) if target else without
    who = "A suicide bomber" if suicide and attack == "Bombing/Explosion" else "Assailants"
    city, province = v(FieldName.CITY), v(FieldName.PROVSTATE)
    parts = (city, province if province != city else None, v(FieldName.COUNTRY))
    place = ", ".join(p for p in parts if p)
    head = when(v(FieldName.DATE))
    first = f"{who} {action}" + (f" in {place}" if place else "") + "."
    toll = casualties(_count(v(FieldName.NKILL)), _count(v(FieldName.NWOUND)))
    sentences = [first, toll, claim(v(FieldName.GNAME), claimed)]
    text = " ".join(s for s in sentences if s)
    return f"{head}: {text}" if head else text
