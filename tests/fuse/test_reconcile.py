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


def test_the_lower_bound_both_reports_allow_wins_over_a_later_smaller_one():
    tight = mention("a", nkill="182", reported=None, hedges={"nkill": (182, None)})
    loose = mention("b", nkill="13", reported=date(2024, 3, 23), hedges={"nkill": (13, None)})
    assert _chosen(loose, tight).value == "182"
    assert _chosen(tight, loose).value == "182"


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


def test_a_stated_figure_beats_a_zero_inferred_from_silence():
    stated = mention("a", nkill="4", reported=date(2024, 1, 1), hedges={"nkill": (4, None)})
    silent = mention("b", nkill="0", reported=date(2024, 1, 2))
    silent.values[0].evidence.rule = "casualties.silence-zero"  # type: ignore[union-attr]
    assert _chosen(silent, stated).value == "4"


def test_the_larger_of_two_equally_hedged_figures_wins():
    small = mention("a", nkill="13", reported=date(2021, 8, 27), hedges={"nkill": (13, None)})
    large = mention("b", nkill="182", reported=date(2021, 8, 27), hedges={"nkill": (182, None)})
    assert _chosen(small, large).value == "182"
    assert _chosen(large, small).value == "182"


def test_coordinates_come_from_a_report_of_the_chosen_city():
    kerman = [mention(d, city="Kerman", latitude="30.28", longitude="57.08") for d in ("a", "b")]
    tehran = mention("c", city="Tehran", latitude="35.69", longitude="51.42")
    incident = reconcile(Incident(id="x", mentions=[tehran, *kerman]))
    assert incident.value(FieldName.CITY) == "Kerman"
    assert (incident.value(FieldName.LATITUDE), incident.value(FieldName.LONGITUDE)) == (
        "30.28",
        "57.08",
    )


def _point(incident: Incident) -> tuple[float, float, str] | None:
    lat, lon = incident.values.get(FieldName.LATITUDE), incident.values.get(FieldName.LONGITUDE)
    spec = incident.value(FieldName.SPECIFICITY) or ""
    if lat is None or lon is None:
        return None
    return round(float(lat.value), 2), round(float(lon.value), 2), spec


def test_a_chosen_city_no_report_located_is_geocoded_never_given_another_towns_point():
    """Two reports name Kabul without coordinates, one names Herat with its point: Kabul is
    chosen and placed by the geocoder, not at Herat."""
    kabul = [mention(d, country="Afghanistan", city="Kabul") for d in ("a", "b")]
    herat = mention(
        "c", country="Afghanistan", city="Herat", latitude="34.35", longitude="62.20",
        specificity="1",
    )  # fmt: skip
    incident = reconcile(Incident(id="x", mentions=[herat, *kabul]))
    assert incident.value(FieldName.CITY) == "Kabul"
    assert _point(incident) == (34.53, 69.17, "1")
    assert incident.values[FieldName.LATITUDE].evidence.rule == "geo.city"  # type: ignore[union-attr]


def test_a_province_alone_is_placed_at_its_centroid_with_specificity_4():
    incident = reconcile(
        Incident(id="x", mentions=[mention("a", country="Afghanistan", provstate="Kandahar")])
    )
    point = _point(incident)
    assert point is not None and point[2] == "4"
    only_country = reconcile(Incident(id="y", mentions=[mention("b", country="Afghanistan")]))
    assert _point(only_country) is None and only_country.value(FieldName.SPECIFICITY) == "5"
