"""The fusion stage of a store: stored reports in, finished incidents out to the store.

``FusionService(session)`` is the one way a store's incidents change. ``pipeline.ingest`` saves
each document through ``save_document`` (one transaction per document); the review actions
(``fuse.review``, behind the CLI, the API and the workbench) re-fuse through ``refuse`` and
``rewrite``. The store only persists what it is handed (``store.repository.replace_incidents``).

Exact and order-independent. The clustering (``fuse.cluster``) groups a connected set of linked
reports (pairs that ``match.compare`` links) the same whatever else is fused with it. So a save
re-fuses exactly the connected component of its new mentions in the link graph over the stored
mentions: breadth first from the new mentions, each step asking the store for the stored mentions
its frontier could be compared with (``store.repository.comparable_mentions``: same country, a
day within ``match.MAX_DAYS_APART`` days or, for a coarse date, the same year; see
``incidex.blocking``) and keeping those that link, until no new mention turns up. The mentions an
analyst merged with a member and the other reports of a member's incident join too (so every
incident that is replaced is re-fused whole). The component is fused (``fuser.fuse_mentions``),
the analyst's decisions replayed (``fuse.decisions``) and the incidents that held any of its
mentions replaced by the result; an id that disappears redirects to the incident now holding its
first report. Ingesting the same documents in any order or batching therefore gives the incidents
that ``incidex extract`` gives for all of them at once. A changed or removed document re-fuses the
components its old mentions were in (their link neighbours are the seeds). Mentions ingested with
``--no-fuse`` are never in a neighbourhood: each is its own incident unless an analyst merges it.

A component never leaves one country (reports are only compared within a country, and an
incident only holds reports that link), so on PostgreSQL a save holds only the locks of its
document and its reports' countries (``store.database``), and saves about other countries run
beside it. A save that could reach further raises ``WholeStoreNeeded`` before it writes anything
(its document changed: the old reports may be of other countries; the store holds an analyst's
merge, which may join countries), and the ingest saves it again under the whole store's lock.
What the article teaches the knowledge base is written last, under its own lock.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field

from sqlalchemy.orm import Session

from incidex.blocking import mention_key
from incidex.fuse.decisions import apply_corrections, regroup
from incidex.fuse.fuser import fuse_mentions, singleton
from incidex.fuse.match import MAX_DAYS_APART, compare
from incidex.fuse.profile import Profile, build_profile
from incidex.fuse.reconcile import reconcile
from incidex.models import DecisionKind, Document, Incident, Mention
from incidex.store import decisions, repository
from incidex.store.database import WholeStoreNeeded, narrow
from incidex.store.repository import DocStatus

REPLAYED = (DecisionKind.MERGE, DecisionKind.SPLIT, DecisionKind.CORRECT)


@dataclass(slots=True)
class SaveResult:
    """The incidents a write created, and those it changed (members, values or id)."""

    incidents_new: set[str] = field(default_factory=set)
    incidents_updated: set[str] = field(default_factory=set)
    incidents: list[Incident] = field(default_factory=list)  # every incident re-fused


class FusionService:
    """Fusion over one store session (see the module docstring). Profiles of the mentions it
    reads are kept for the service's life: one save, or one review action."""

    def __init__(self, session: Session) -> None:
        self.session = session
        self._mentions: dict[str, Mention] = {}  # stored mentions read for comparison
        self._profiles: dict[str, Profile] = {}
        self._merges: bool | None = None  # whether the store holds an analyst's merge

    # -- entry points ------------------------------------------------------------------------

    def save_document(
        self, doc: Document, mentions: Sequence[Mention], *, fuse: bool = True
    ) -> SaveResult:
        """Store a document and its mentions and re-fuse their component. ``fuse=False``
        (``ingest --no-fuse``): each mention becomes its own incident, now and later."""
        status, _ = repository.document_status(self.session, doc)
        if status == DocStatus.UNCHANGED:
            return SaveResult()
        if narrow(self.session) and (status == DocStatus.CHANGED or self._any_merge()):
            # the old reports, or an analyst's merge, may reach countries this save has not
            # locked: the caller saves it again under the whole store's lock
            raise WholeStoreNeeded(doc.id)
        for mention in mentions:
            mention.fuse = mention.fuse and fuse
            for value in mention.values:
                value.reported = value.reported or doc.published
        seeds: set[str] = set()
        touched: set[str] = set()
        if status == DocStatus.CHANGED:
            seeds, touched = self._forget_document(doc.id)
        changed = status == DocStatus.CHANGED
        repository.add_document(self.session, doc, mentions, changed=changed, teach=False)
        for mention in mentions:
            self._mentions[mention.id] = mention
        new = {m.id for m in mentions}
        result = self._refuse(seeds | new, new, touched)
        repository.add_knowledge(self.session, doc)  # last: its lock is held to the commit
        return result

    def remove_document(self, doc_id: str) -> SaveResult:
        """Delete a stored document and re-fuse what is left of the components it was in."""
        seeds, touched = self._forget_document(doc_id)
        return self._refuse(seeds, set(), touched)

    def refuse(self, mention_ids: Iterable[str]) -> list[Incident]:
        """Re-fuse the components of these stored mentions (after a merge or split decision);
        the incidents of the components, as stored."""
        ids = set(mention_ids)
        touched = set(repository.incident_members(self.session, ids))
        return self._refuse(ids, set(), touched).incidents

    def rewrite(self, incident_id: str) -> Incident:
        """Choose an incident's values again under the analyst's corrections (its reports and
        grouping unchanged) and store them."""
        incident = reconcile(repository.load_incident(self.session, incident_id))
        replayed = decisions.decisions_about(
            self.session, [DecisionKind.CORRECT], (m.id for m in incident.mentions)
        )
        finished = apply_corrections(incident, replayed)
        repository.replace_incidents(self.session, (), [finished])
        return finished

    # -- the component -----------------------------------------------------------------------

    def _forget_document(self, doc_id: str) -> tuple[set[str], set[str]]:
        """Delete a stored document; the mentions to re-fuse from (its mentions' link neighbours
        and incident partners) and the incidents its mentions were in."""
        old = repository.document_mentions(self.session, doc_id)
        for mention in old:
            self._mentions[mention.id] = mention
        gone = {m.id for m in old}
        touched = repository.incident_members(self.session, gone)
        seeds = self._linked(old, exclude=gone)
        seeds |= {m for members in touched.values() for m in members}
        seeds |= decisions.merge_partners(self.session, gone)
        repository.remove_document(self.session, doc_id)
        for ident in gone:
            self._mentions.pop(ident, None)
            self._profiles.pop(ident, None)
        return seeds - gone, set(touched)

    def _component(self, seeds: Collection[str]) -> set[str]:
        """The stored mentions connected to ``seeds`` by links, merge decisions or a shared
        incident (breadth first: one neighbourhood query per step)."""
        merges = self._any_merge()
        members: set[str] = set()
        frontier = set(seeds)
        while frontier:
            members |= frontier
            loaded = self._load(frontier)
            found = self._linked([loaded[i] for i in sorted(loaded)], exclude=members)
            held = repository.incident_members(self.session, frontier)
            found |= {m for partners in held.values() for m in partners}
            if merges:
                found |= decisions.merge_partners(self.session, frontier)
            frontier = found - members
        return members

    def _linked(self, mentions: Sequence[Mention], exclude: Collection[str]) -> set[str]:
        """Stored mentions (not ``exclude``) that link to any of ``mentions`` (fused ones)."""
        fusable = [m for m in mentions if m.fuse]
        keys = [k for m in fusable if (k := mention_key(m)) is not None]
        if not keys:
            return set()
        candidates = repository.comparable_mentions(self.session, keys, MAX_DAYS_APART, exclude)
        loaded = self._load(candidates)
        mine = [self._profile(m) for m in fusable]
        return {
            ident
            for ident in sorted(loaded)
            if any(compare(p, self._profile(loaded[ident])).links for p in mine)
        }

    def _refuse(self, seeds: Collection[str], new: set[str], touched: set[str]) -> SaveResult:
        """Fuse the component of ``seeds`` and store it in place of the incidents it held.

        ``new``: mentions stored by this write; ``touched``: incidents that lost mentions (always
        rewritten or retired)."""
        pool = self._component(seeds)
        before = repository.incident_members(self.session, pool)
        full = repository.load_mentions(self.session, pool - new)
        full.update({i: self._mentions[i] for i in new if i in self._mentions})
        mentions = [full[i] for i in sorted(full)]
        fused = fuse_mentions([m for m in mentions if m.fuse], profile=self._profile)
        fused += [singleton(m) for m in mentions if not m.fuse]
        replayed = decisions.decisions_about(self.session, REPLAYED, full)
        fused = [apply_corrections(i, replayed) for i in regroup(fused, replayed)]
        result = SaveResult(incidents=fused)
        write = []
        for incident in fused:
            ids = {m.id for m in incident.mentions}
            old = before.get(incident.id)
            if old is None and ids <= new:
                result.incidents_new.add(incident.id)
            elif old is None or set(old) != ids or ids & new or incident.id in touched:
                result.incidents_updated.add(incident.id)
            else:
                continue  # same reports, same id: same values
            write.append(incident)
        retired = (set(before) | touched) - {i.id for i in fused}
        repository.replace_incidents(self.session, retired, write)
        return result

    # -- reading stored mentions -------------------------------------------------------------

    def _any_merge(self) -> bool:
        """Whether the store holds an active merge decision (read once a service: the service
        lives one transaction, and a merge is written under the whole store's lock)."""
        if self._merges is None:
            self._merges = decisions.any_active(self.session, DecisionKind.MERGE)
        return self._merges

    def _load(self, ids: Collection[str]) -> dict[str, Mention]:
        """Stored mentions by id (values, no statements: enough to compare), read once."""
        missing = [i for i in ids if i not in self._mentions]
        if missing:
            self._mentions.update(repository.load_mentions(self.session, missing, statements=False))
        return {i: self._mentions[i] for i in ids if i in self._mentions}

    def _profile(self, mention: Mention) -> Profile:
        found = self._profiles.get(mention.id)
        if found is None:
            found = self._profiles[mention.id] = build_profile(mention)
        return found
