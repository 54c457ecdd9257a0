"""Places: the country, province and city of an attack, with coordinates when known.

Entry point of the stage. ``places`` chooses the attack's place from the ``phrases`` of its
sentences, named by ``names`` (countries, demonyms, cities) and GTD-style ``chain``s, with the
offline ``gazetteer`` of cities and provinces.
"""

from __future__ import annotations

from incidex.extract.places.names import country_names
from incidex.extract.places.places import extract_place, place_noun_name, same_place

__all__ = ["country_names", "extract_place", "place_noun_name", "same_place"]
