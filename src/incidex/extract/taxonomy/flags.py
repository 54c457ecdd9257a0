"""GTD suicide and multiple flags: 1 when the mention states a cue about this attack, else 0.

Cue phrases live in ``data/taxonomy.yaml`` (``suicide_cues``, ``multiple_cues``); a cue after a
generic frame ("its capacity for coordinated attacks") names a kind of attack, not this one.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from spacy.tokens import Span

from incidex.extract.base import MentionContext, cue_regex, load_data
from incidex.models import FieldName, FieldValue
from incidex.text import prefilter


@cache
def _cfg() -> dict[str, Any]:
    data: dict[str, Any] = load_data("taxonomy.yaml")
    return data


@cache
def _simple_rx(key: str) -> re.Pattern[str]:
    return cue_regex(_cfg()[key])


@cache
def _generic_rx() -> re.Pattern[str]:
    return re.compile(r"(?:" + "|".join(_cfg()["generic_frames"]) + r")\s+(?:\w+\s+){0,2}$", re.I)


def _generic(sent: Span, m: re.Match[str]) -> bool:
    """The cue names a kind of attack, not this one ("its capacity for coordinated attacks")."""
    return _generic_rx().search(sent.text[: m.start()]) is not None


def extract_flags(ctx: MentionContext, first: Span) -> list[FieldValue]:
    """Suicide and multiple: 1 when a cue about this attack is in the mention, else 0."""
    out: list[FieldValue] = []
    for name, key in ((FieldName.SUICIDE, "suicide_cues"), (FieldName.MULTIPLE, "multiple_cues")):
        hit = None
        for sent in ctx.sentences:
            m = next(
                (
                    x
                    for x in prefilter.finditer(_simple_rx(key), sent.text)
                    if not _generic(sent, x)
                ),
                None,
            )
            if m:
                hit = (sent.start_char + m.start(), sent.start_char + m.end())
                break
        if hit:
            out.append(ctx.value(name, "1", hit[0], hit[1], f"taxonomy.{name.value}-cue", 0.85))
        else:
            out.append(
                ctx.value(
                    name, "0", first.start_char, first.end_char, f"taxonomy.{name.value}-none", 0.6
                )
            )
    return out
