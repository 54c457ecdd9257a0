from datetime import date

from incidex.fuse.reconcile import reconcile
from incidex.models import FieldName, Incident
from tests.factories import mention


def _chosen(*mentions, field=FieldName.NKILL):  # type: ignore[no-untyped-def]
    return reconcile(Incident(id="x", mentions=list(mentions))).values[field]


def test_latest_specific_figure_wins_over_earlier_hedged_one():
    early = mention("a", nkill="60", reported=date(2024, 3, 22), hedges={"nkill": (61, None)})
    late = mention("b", nkill="143", reported=date(2024, 3, 24))
    assert _chosen(early, late).value == "143"
    assert _chosen(late, early).value == "143"


def test_exact_figure_beats_a_later_hedged_one():
    exact = mention("a", nkill="91", reported=date(2024, 1, 5))
    hedged = mention("b", nkill="100", reported=date(2024, 1, 6), hedges={"nkill": (90, 99)})
    assert _chosen(hedged, exact).value == "91"


def test_main_report_beats_background_mention():
    main = mention("a", nkill="10", reported=date(2020, 1, 1))
    aside = mention("b", nkill="12", background=True, reported=date(2024, 1, 1))
    assert _chosen(aside, main).value == "10"


def test_more_precise_date_wins():
    coarse = mention("a", date="2024", reported=date(2024, 3, 1))
    precise = mention("b", date="2024-01-03", reported=date(2024, 1, 6))
    assert _chosen(coarse, precise, field=FieldName.DATE).value == "2024-01-03"


def test_known_value_beats_unknown_and_majority_wins():
    reports = [
        mention("a", gname="Unknown"),
        mention("b", gname="Taliban"),
        mention("c", gname="Taliban"),
        mention("d", gname="Al-Shabaab"),
    ]
    assert _chosen(*reports, field=FieldName.GNAME).value == "Taliban"
    assert _chosen(reports[0], reports[3], field=FieldName.GNAME).value == "Al-Shabaab"


def test_every_report_is_kept():
    incident = reconcile(
        Incident(id="x", mentions=[mention("a", nkill="60"), mention("b", nkill="143")])
    )
    assert sorted(v.value for v in incident.reports(FieldName.NKILL)) == ["143", "60"]
