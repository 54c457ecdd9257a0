"""A deterministic long news article of our own sentences, for the extraction-length benchmarks.

Attack sentences (varied verbs, places, groups, tolls and dates) alternate with the furniture of a
long report (quotes, background, reactions), in paragraphs of four to six sentences, so a test of
how extraction cost grows with length sees every stage at work, not one repeated sentence.
"""

from __future__ import annotations

import random

TOWNS = [
    ("Kandahar", "Afghanistan"),
    ("Mosul", "Iraq"),
    ("Peshawar", "Pakistan"),
    ("Maiduguri", "Nigeria"),
    ("Mogadishu", "Somalia"),
    ("Aden", "Yemen"),
    ("Gao", "Mali"),
    ("Cotabato", "Philippines"),
    ("Arish", "Egypt"),
    ("Benghazi", "Libya"),
    ("Quetta", "Pakistan"),
    ("Kirkuk", "Iraq"),
]
GROUPS = ["Boko Haram", "al-Shabaab", "the Taliban", "Islamic State", "Abu Sayyaf"]
MONTHS = ["January", "March", "May", "July", "September", "November"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]

ATTACKS = [
    "A car bomb exploded near a crowded market in {town} on {day}, killing {k} people and "
    "wounding {w}, police said.",
    "Gunmen on motorcycles opened fire on a police checkpoint outside {town}, killing {k} "
    "officers.",
    "{Group} claimed responsibility for the suicide bombing at a mosque in {town} that killed "
    "{k} worshippers.",
    "In {town}, militants stormed a school and took {w} students hostage before troops arrived.",
    "A roadside bomb struck a convoy of aid workers near {town} in {month}, wounding {w}.",
    "Two attackers armed with knives stabbed {w} passengers at the bus station in {town}.",
    "At least {k} people died when a suicide bomber detonated an explosive vest at a wedding "
    "in {town}, {country}.",
    "Insurgents fired rockets at the governor's office in {town} on {day}; {w} guards were hurt.",
]
FILLER = [
    "Residents said the streets were quiet by evening and shops had reopened.",
    "The minister told reporters that the government would not be intimidated.",
    "Officials said an investigation was under way and that more arrests were expected.",
    "The region has seen years of fighting between the army and armed groups.",
    "Hospitals in the area appealed for blood donors late into the night.",
    "Analysts say the group has grown weaker since its leaders were killed last year.",
    '"We heard a loud noise and then everyone was running," a shopkeeper said.',
    "The United Nations condemned the violence and called for calm.",
    "Schools in the district will stay closed for the rest of the week.",
    "Local elections are due to be held in the province in {month}.",
]


def sentences(count: int, seed: int = 12) -> list[str]:
    """``count`` sentences, about two in five of them attacks, each filled from the lists."""
    rng = random.Random(seed)
    out: list[str] = []
    for i in range(count):
        town, country = TOWNS[rng.randrange(len(TOWNS))]
        pool = ATTACKS if i % 5 in (0, 3) else FILLER
        template = pool[rng.randrange(len(pool))]
        out.append(
            template.format(
                town=town,
                country=country,
                Group=GROUPS[rng.randrange(len(GROUPS))],
                k=rng.randint(2, 40),
                w=rng.randint(2, 60),
                day=DAYS[rng.randrange(len(DAYS))],
                month=MONTHS[rng.randrange(len(MONTHS))],
            )
        )
    return out


def article(count: int, seed: int = 12) -> str:
    """A text of ``count`` sentences in paragraphs of four to six."""
    rng = random.Random(seed + 1)
    parts: list[str] = []
    sents = sentences(count, seed)
    i = 0
    while i < len(sents):
        size = rng.randint(4, 6)
        parts.append(" ".join(sents[i : i + size]))
        i += size
    return "\n\n".join(parts)
