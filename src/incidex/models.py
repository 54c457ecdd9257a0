"""Typed records that carry the data one way: Document -> Mention (with Evidence) -> Incident.

Every stage takes and returns these; nothing passes loose dicts between stages.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum
from typing import Any, Literal

BlockKind = Literal["body", "boilerplate"]


def content_hash(*parts: str, length: int = 16) -> str:
    """Deterministic id from content, so re-imports are idempotent."""
    # "surrogatepass": a lone surrogate (readers replace them) can never make hashing fail.
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()
    return digest[:length]


@dataclass(slots=True)
class Block:
    """A paragraph-like span of ``Document.text`` labelled as article body or page furniture."""

    start: int
    end: int
    kind: BlockKind = "body"
    reason: str | None = None  # why it is boilerplate ("related stories", "caption", ...)


@dataclass(slots=True)
class Document:
    """One article or summary, as read from any input format."""

    id: str
    source: str  # file path, "path:line" for JSONL, "path#row" for CSV, "<stdin>", or URL
    text: str
    title: str | None = None
    url: str | None = None
    published: date | None = None
    published_source: str | None = (
        None  # how the date was found: "metadata", "text:iso-prefix", ...
    )
    language: str | None = None
    blocks: list[Block] = field(default_factory=list)
    cut: str | None = None  # why and where the text was cut to the length limit, if it was

    @property
    def hash(self) -> str:
        return content_hash(self.title or "", self.text)

    @property
    def is_english(self) -> bool:
        return self.language in (None, "en")

    def body_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "body"]

    def boilerplate_blocks(self) -> list[Block]:
        return [b for b in self.blocks if b.kind == "boilerplate"]


class FieldName(StrEnum):
    """Incident fields in GTD's scheme (plus Incidex's date precision)."""

    DATE = "date"  # value "YYYY", "YYYY-MM" or "YYYY-MM-DD"; precision in the string's length
    APPROXDATE = "approxdate"
    COUNTRY = "country"
    PROVSTATE = "provstate"
    CITY = "city"
    LATITUDE = "latitude"
    LONGITUDE = "longitude"
    SPECIFICITY = "specificity"
    ATTACKTYPE = "attacktype"
    ATTACKTYPE2 = "attacktype2"
    WEAPTYPE = "weaptype"
    TARGTYPE = "targtype"
    TARGET = "target"
    GNAME = "gname"
    GNAME2 = "gname2"
    CLAIMED = "claimed"
    CLAIMMODE = "claimmode"
    NKILL = "nkill"
    NWOUND = "nwound"
    NPERPS = "nperps"
    NPERPCAP = "nperpcap"
    SUICIDE = "suicide"
    MULTIPLE = "multiple"
    NATIONALITY = "nationality"
    SUMMARY = "summary"


NUMERIC_FIELDS = frozenset(
    {
        FieldName.NKILL,
        FieldName.NWOUND,
        FieldName.NPERPS,
        FieldName.NPERPCAP,
        FieldName.CLAIMED,
        FieldName.SUICIDE,
        FieldName.MULTIPLE,
        FieldName.LATITUDE,
        FieldName.LONGITUDE,
        FieldName.SPECIFICITY,
    }
)


@dataclass(slots=True)
class Evidence:
    """Where a value came from: a character span of ``Document.text`` and its sentence."""

    doc_id: str
    start: int
    end: int
    sentence: str
    rule: str  # the rule or model that produced the value, e.g. "casualties.killed-verb"
    confidence: float = 0.5


@dataclass(slots=True)
class FieldValue:
    """One reported value of one field, with its evidence.

    Counts keep a hedge as ``low``/``high`` ("at least 10" -> value 10, low 10, high None).
    """

    name: FieldName
    value: str
    evidence: Evidence | None = None
    low: float | None = None
    high: float | None = None
    reported: date | None = None  # publication date of the reporting document

    @property
    def number(self) -> float | None:
        try:
            return float(self.value)
        except ValueError:
            return None


class Stance(StrEnum):
    """What a source says about who carried out an attack."""

    CLAIMS = "claims"  # a group says it did it
    CONFIRMS = "confirms"  # a source corroborates a claim or an attribution
    BLAMES = "blames"  # a source holds another actor responsible
    SUSPECTS = "suspects"  # a source suspects an actor, without asserting it
    DENIES = "denies"  # a source denies involvement (its own, or the target's)


@dataclass(slots=True)
class Statement:
    """One attribution statement: ``source`` (actor) ``stance`` ``target`` (actor), with evidence.

    ``target`` is the actor claimed, confirmed, blamed, suspected or cleared; for a claim it is the
    claiming group itself. Kinds are group, state, agency, person or organization.
    """

    source: str
    stance: Stance
    target: str | None
    evidence: Evidence
    source_kind: str = "group"
    target_kind: str | None = None
    reported: date | None = None  # publication date of the reporting document

    @property
    def id(self) -> str:
        ev = self.evidence
        return content_hash(
            ev.doc_id, str(ev.start), str(ev.end), self.source, str(self.stance), self.target or ""
        )


class RoleKind(StrEnum):
    """The participants of an attack frame (the JSONL export's ``roles`` keys)."""

    PERPETRATOR_INDIVIDUALS = "perpetrator_individuals"  # "two gunmen", a named attacker
    PERPETRATOR_ORGANIZATIONS = "perpetrator_organizations"  # the group that carried it out
    TARGETS = "targets"  # physical targets: buildings, vehicles, power lines
    VICTIMS = "victims"  # people attacked, by name where named
    WEAPONS = "weapons"  # the instruments, as written ("a car bomb", "dynamite")

    @property
    def label(self) -> str:
        """For people: "perpetrator individuals", "targets", ..."""
        return self.value.replace("_", " ")


def role_key(text: str) -> str:
    """A filler's text normalised for comparison: lower case, no punctuation or articles."""
    words = "".join(c if c.isalnum() or c.isspace() else " " for c in text.lower()).split()
    return " ".join(w for w in words if w not in ("a", "an", "the"))


@dataclass(slots=True)
class Role:
    """One filler of one role of an attack frame: the words as written, with their evidence."""

    kind: RoleKind
    text: str
    evidence: Evidence

    @property
    def key(self) -> str:
        return role_key(self.text)


@dataclass(slots=True)
class Frame:
    """Who carried out an attack, with what, against whom and what: role fillers read from the
    parse of the attack's sentences, each with its evidence."""

    roles: list[Role] = field(default_factory=list)

    def of(self, kind: RoleKind) -> list[Role]:
        return [r for r in self.roles if r.kind is kind]

    def add(self, role: Role) -> bool:
        """Add a filler unless the frame holds the same words in that role; whether it did."""
        if any(r.kind is role.kind and r.key == role.key for r in self.roles):
            return False
        self.roles.append(role)
        return True

    @classmethod
    def union(cls, frames: Iterable[Frame]) -> Frame:
        """The fillers of all ``frames``, each text once per role (the first one's evidence)."""
        merged = cls()
        for frame in frames:
            for role in frame.roles:
                merged.add(role)
        return merged

    def __bool__(self) -> bool:
        return bool(self.roles)


@dataclass(frozen=True, slots=True)
class Ground:
    """One reason a report is (or is not) an incident: the rule, what it found, the confidence it
    gives, and where in the document it was found (``None`` for a fact of the document).

    Rules: ``trigger`` (the attack predication and why it is realis), then the grounds that make
    it terrorism (``claimed``, ``group``, ``suicide``, ``terror-frame``, ``perpetrator``,
    ``motive``, ``device``, ``aim-target``, ``catalogue``, ``headline``, ``document-frame``,
    ``headline-only``, ``gtd-record``), or what disqualifies
    it (``against:crime``, ``against:accident``, ``against:denied-frame``, ``against:state``,
    ``against:sense``).
    """

    rule: str
    detail: str
    weight: float = 0.0
    start: int | None = None
    end: int | None = None

    @property
    def against(self) -> bool:
        return self.rule.startswith("against:")


@dataclass(slots=True)
class Qualification:
    """Whether a report is an incident: its confidence and the grounds it rests on."""

    confidence: float
    grounds: list[Ground] = field(default_factory=list)
    qualified: bool = True

    @property
    def disqualified(self) -> bool:
        """Something speaks against it being an incident (a state agent, an accident, a crime
        frame, another sense of the word), as opposed to nothing yet speaking for it."""
        return not self.qualified and any(g.against for g in self.grounds)

    @property
    def reasons(self) -> list[str]:
        """The grounds as lines: ``rule: detail``."""
        return [f"{g.rule}: {g.detail}" for g in self.grounds]

    def as_dict(self) -> dict[str, object]:
        """Plain data (JSON export and the store): confidence, verdict, reasons, grounds."""
        return {
            "confidence": self.confidence,
            "qualified": self.qualified,
            "reasons": self.reasons,
            "grounds": [
                {
                    "rule": g.rule,
                    "detail": g.detail,
                    "weight": g.weight,
                    "start": g.start,
                    "end": g.end,
                }
                for g in self.grounds
            ],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Qualification:
        grounds = [
            Ground(
                str(g["rule"]), str(g["detail"]), float(g["weight"]), g.get("start"), g.get("end")
            )
            for g in data.get("grounds") or []
        ]
        return cls(float(data["confidence"]), grounds, bool(data.get("qualified", True)))


# A casualty figure judged implausible (``extract.casualties.bounds``) carries a rule with this
# prefix: kept with its evidence, never chosen as an incident's count (``fuse.reconcile``).
DOUBTED_PREFIX = "casualties.doubted-"


def doubted(value: FieldValue) -> bool:
    """Whether ``value`` is a casualty figure marked implausible."""
    return value.evidence is not None and value.evidence.rule.startswith(DOUBTED_PREFIX)


@dataclass(slots=True)
class Mention:
    """One attack as reported by one document: the per-document incident before fusion."""

    doc_id: str
    index: int  # order of the attack in the document
    trigger: Evidence
    values: list[FieldValue] = field(default_factory=list)
    primary: bool = False  # the document's main incident
    background: bool = False  # named in passing ("In 2017, IS attacked ...")
    statements: list[Statement] = field(default_factory=list)  # who claims, blames, denies
    fuse: bool = True  # False: its own incident, never fused with other reports (--no-fuse)
    roles: Frame = field(default_factory=Frame)  # perpetrators, victims, targets, ...
    # Why it is an incident (``extract.qualify``); None for a report stored before it was kept.
    qualification: Qualification | None = None

    @property
    def id(self) -> str:
        return content_hash(self.doc_id, str(self.index), self.trigger.sentence)

    def get(self, name: FieldName) -> FieldValue | None:
        for value in self.values:
            if value.name == name:
                return value
        return None

    def value(self, name: FieldName) -> str | None:
        found = self.get(name)
        return found.value if found else None


@dataclass(frozen=True, slots=True)
class FusionLink:
    """Why a report is in its incident: the report of the incident it links to most strongly,
    the evidence score of that pair and its parts ("date +1.00", "place +1.00", ...)."""

    mention_id: str
    score: float
    reasons: tuple[str, ...]


@dataclass(slots=True)
class Incident:
    """One attack, fused from the mentions of one or more documents.

    ``values`` holds the value in force per field (an analyst's correction, else the value
    fusion chose); ``extracted`` the value fusion chose, with its evidence, for each field whose
    value in force is an analyst's correction; ``reports`` every value reported, with evidence.
    """

    id: str
    mentions: list[Mention] = field(default_factory=list)
    values: dict[FieldName, FieldValue] = field(default_factory=dict)
    extracted: dict[FieldName, FieldValue] = field(default_factory=dict)
    # Syndicated copies: document id of a copy -> document id of the report it copies.
    copies: dict[str, str] = field(default_factory=dict)
    # Why each report was fused (mention id -> its strongest link within the incident); none
    # for a report alone, or one an analyst merged in.
    links: dict[str, FusionLink] = field(default_factory=dict)

    @property
    def doc_ids(self) -> list[str]:
        return sorted({m.doc_id for m in self.mentions})

    @property
    def primary(self) -> bool:
        return any(m.primary for m in self.mentions)

    @property
    def qualification(self) -> Qualification | None:
        """Why this is an incident: the best confidence of its reports and their grounds, each
        rule and detail once, the strongest first (the trigger of the most confident report
        leads)."""
        found = [m.qualification for m in self.mentions if m.qualification is not None]
        if not found:
            return None
        best = max(found, key=lambda q: q.confidence)
        grounds: dict[tuple[str, str], Ground] = {}
        for qual in sorted(found, key=lambda q: -q.confidence):
            for ground in qual.grounds:
                grounds.setdefault((ground.rule, ground.detail), ground)
        lead = [g for g in best.grounds if g.rule == "trigger"][:1]
        rest = sorted(
            (g for g in grounds.values() if g.rule != "trigger"),
            key=lambda g: (g.against, -g.weight),
        )
        return Qualification(best.confidence, lead + rest, any(q.qualified for q in found))

    def value(self, name: FieldName) -> str | None:
        chosen = self.values.get(name)
        return chosen.value if chosen else None

    def reports(self, name: FieldName) -> list[FieldValue]:
        return [v for m in self.mentions for v in m.values if v.name == name]

    def source_of(self, doc_id: str) -> str:
        """The document whose text ``doc_id`` carries (itself, unless it is a syndicated copy)."""
        return self.copies.get(doc_id, doc_id)

    @property
    def roles(self) -> Frame:
        """The role fillers of every report, each text once per role (syndicated copies add
        nothing new), in document order."""
        ordered = sorted(self.mentions, key=lambda m: (m.doc_id in self.copies, m.doc_id, m.index))
        return Frame.union(m.roles for m in ordered)

    @property
    def statements(self) -> list[Statement]:
        """Every attribution statement of every report, each once, in document order; a
        statement a syndicated copy repeats counts once, with its original's evidence."""
        seen: dict[str, Statement] = {}
        told: set[tuple[str, str, str, str]] = set()
        for m in sorted(self.mentions, key=lambda m: m.doc_id in self.copies):
            for s in m.statements:
                said = (self.source_of(s.evidence.doc_id), s.source, str(s.stance), s.target or "")
                if said in told and s.id not in seen:
                    continue
                told.add(said)
                seen.setdefault(s.id, s)
        return sorted(seen.values(), key=lambda s: (s.evidence.doc_id, s.evidence.start))


class DecisionKind(StrEnum):
    """What an analyst decided about some reports."""

    CORRECT = "correct"  # a field's value
    DISMISS = "dismiss"  # "not an incident"
    MERGE = "merge"  # the reports are one incident
    SPLIT = "split"  # a report is not the attack of the others


@dataclass(frozen=True, slots=True)
class DecisionRef:
    """A mention a decision is about, and its role: anchor, member, moved or from."""

    mention_id: str
    role: str


@dataclass(frozen=True, slots=True)
class Decision:
    """An active review decision as the store returns it and fusion replays it."""

    id: int  # decisions are replayed in the order they were made
    kind: DecisionKind
    field: str | None
    value: str | None
    refs: tuple[DecisionRef, ...]

    @property
    def mention_ids(self) -> set[str]:
        return {r.mention_id for r in self.refs}


@dataclass(slots=True)
class ActorAlias:
    """A name of an actor: from the gazetteer, or learned from a sentence (with evidence)."""

    actor: str  # canonical name
    alias: str
    kind: str = "group"  # kind of the actor
    source: Literal["gazetteer", "text"] = "text"
    evidence: Evidence | None = None


@dataclass(slots=True)
class ActorRelation:
    """A tie between two actors stated in text: rivalry, cooperation, negotiation, contact,
    branch-of."""

    source: str
    kind: str
    target: str
    evidence: Evidence
    when: date | None = None  # publication date of the document (or the date stated)
    source_kind: str = "group"
    target_kind: str = "group"

    @property
    def id(self) -> str:
        ev = self.evidence
        return content_hash(
            "relation", ev.doc_id, str(ev.start), self.source, self.kind, self.target
        )


@dataclass(slots=True)
class Skipped:
    """A document (or input) that was not used, and why."""

    source: str
    reason: str


@dataclass(slots=True)
class IngestSummary:
    """What one ``ingest`` run did."""

    read: int = 0
    stored: int = 0
    unchanged: int = 0
    updated: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    cut: list[Skipped] = field(default_factory=list)  # stored, but cut to the length limit
    # read and extracted, but the write failed: the run goes on, and ends with an error
    failed: list[Skipped] = field(default_factory=list)
    incidents_new: int = 0
    incidents_updated: int = 0
    # English documents extracted, or already stored (unchanged, or the same content as a stored
    # one): none means no input could be used, and the command says so with a non-zero exit
    used: int = 0
