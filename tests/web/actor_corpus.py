"""Actor knowledge for the workbench tests: an article whose text teaches an alias and a
rivalry and whose mention carries claim, blame and denial statements, plus a hostile alias
and a hostile statement sentence written straight into the store."""

from __future__ import annotations

from datetime import date

from incidex.fuse.service import FusionService
from incidex.kb import lexicon
from incidex.models import Evidence, Stance, Statement, content_hash
from incidex.store.database import Store
from incidex.store.knowledge import actor_id
from incidex.store.schema import ActorAliasRow
from tests.web.corpus import article

ISKP = "Khorasan Chapter of the Islamic State"
HOSTILE_ALIAS = "<script>alert('alias')</script>"
HOSTILE_SENTENCE = "They signed it <img src=x onerror=alert(2)> as " + HOSTILE_ALIAS + "."
HOSTILE_SAID = "<script>alert(3)</script> said the spokesman."
TEXT = (
    "Islamic State Khorasan Province claimed the bombing in Kerman, Iran, on 2024-01-03. "
    "Iranian officials blamed Israel for the blasts. Israel denied any role in the attack. "
    "The Khorasan Wing (ISKP) and the Taliban are rivals."
)


def _said(text: str, source: str, stance: Stance, target: str, snippet: str) -> Statement:
    start = text.index(snippet)
    end = start + len(snippet)
    lo = text.rfind(". ", 0, start) + 1
    hi = text.find(".", end) + 1
    ev = Evidence("kerman-claim", start, end, text[lo:hi].strip(), f"test.{stance}", 0.8)
    kinds = {"Iran": "state", "Israel": "state"}
    return Statement(
        source, stance, target, ev, kinds.get(source, "group"), kinds.get(target, "group"),
        date(2024, 1, 5),
    )  # fmt: skip


def add_actor_reports(url: str) -> None:
    """Store the claim article (it joins the Kerman incident) and the hostile rows."""
    doc, mentions = article(
        "kerman-claim",
        "Kerman bombing claimed",
        TEXT,
        date(2024, 1, 5),
        {
            "date": ("2024-01-03", "2024-01-03"),
            "country": ("Iran", "Iran"),
            "city": ("Kerman", "Kerman"),
            "gname": (ISKP, "Islamic State Khorasan Province"),
        },
    )
    mentions[0].statements = [
        _said(TEXT, ISKP, Stance.CLAIMS, ISKP, "Islamic State Khorasan Province claimed"),
        _said(TEXT, "Iran", Stance.BLAMES, "Israel", "Iranian officials blamed Israel"),
        _said(TEXT, "Israel", Stance.DENIES, "Israel", "Israel denied any role"),
        Statement(
            "Taliban",
            Stance.SUSPECTS,
            ISKP,
            Evidence("kerman-claim", 0, 0, HOSTILE_SAID, "test.suspects", 0.5),
        ),  # fmt: skip
    ]
    store = Store(url)
    try:
        with store.session() as session:
            FusionService(session).save_document(doc, mentions)
        with store.session() as session:
            session.add(
                ActorAliasRow(
                    id=content_hash("hostile-alias"),
                    actor_id=actor_id(ISKP, "group"),
                    alias=HOSTILE_ALIAS,
                    alias_key=lexicon.normalize(HOSTILE_ALIAS),
                    source="text",
                    is_name=False,
                    doc_id="kerman-claim",
                    start=0,
                    end=10,
                    sentence=HOSTILE_SENTENCE,
                    rule="test.hostile",
                )
            )
    finally:
        store.close()
