"""Place names to points: the gazetteer, the geocoder (coordinates and GTD specificity) and name folding."""
