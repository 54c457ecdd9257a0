"""Place names to points: the gazetteer, the geocoder (coordinates, GTD specificity), folding."""
