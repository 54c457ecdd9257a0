"""The vendored web assets are the registry packages' files, unchanged, with their licences;
and no page or asset of the workbench names another origin to load from."""

from __future__ import annotations

import hashlib
import re
from importlib import resources

STATIC = resources.files("incidex.web") / "static"
VENDORED = {  # path under static/vendor: sha256 of the file in the package (see vendor/README.md)
    "leaflet/leaflet.js": "db49d009c841f5ca34a888c96511ae936fd9f5533e90d8b2c4d57596f4e5641a",
    "leaflet/leaflet.css": "a7837102824184820dfa198d1ebcd109ff6d0ff9a2672a074b9a1b4d147d04c6",
    "markercluster/leaflet.markercluster.js": (
        "1e4e1d22972a3926f48598e0caf14e3fe7049835d428a344fed4f9e3665b3508"
    ),
    "markercluster/MarkerCluster.css": (
        "614dea0a98ff3f4ead74f04918f6b1d1b9ba435c25b5fc23b21a394d1e3e4d87"
    ),
    "markercluster/MarkerCluster.Default.css": (
        "61258232d98d64dc2a7b1e02130d67421bc5b9bda5994eef70228ff97570c170"
    ),
}


def test_vendored_files_are_the_published_ones_with_their_licences() -> None:
    vendor = STATIC / "vendor"
    for path, digest in VENDORED.items():
        data = (vendor / path).read_bytes()
        assert hashlib.sha256(data).hexdigest() == digest, path
    assert b"Leaflet 1.9.4" in (vendor / "leaflet/leaflet.js").read_bytes()
    assert "BSD 2-Clause" in (vendor / "leaflet/LICENSE").read_text()
    assert "Permission is hereby granted" in (vendor / "markercluster/LICENSE").read_text()
    readme = (vendor / "README.md").read_text()
    for line in ("Leaflet | 1.9.4 | BSD-2-Clause", "Leaflet.markercluster | 1.5.3 | MIT"):
        assert line in readme


def test_no_template_or_own_script_loads_from_another_origin() -> None:
    templates = resources.files("incidex.web") / "templates"
    own = [p for p in templates.iterdir() if p.name.endswith(".html")]
    own += [p for p in STATIC.iterdir() if p.name.endswith((".js", ".css"))]
    for path in own:
        text = path.read_text()
        loads = re.findall(r'(?:src|href)="(https?:|//)[^"]*"|url\((https?:|//)', text)
        assert not loads, (path.name, loads)


def test_swagger_ui_comes_from_the_installed_package() -> None:
    from incidex.web.docs import assets

    folder = resources.files("fastapi_offline") / "static"
    assert str(folder) == assets()
    bundle = (folder / "swagger-ui-bundle.js").read_bytes()
    assert b"SwaggerUIBundle" in bundle and (folder / "swagger-ui.css").is_file()
