"""Place-name folding shared by the geocoder and the tool that builds its tables.

"Al-Madhāna", "al Madhana" and "AL MADHANA" fold to one key: accents dropped, case and
punctuation ignored, an Arabic article joined or spaced the same way.
"""

from __future__ import annotations

import re
import unicodedata

_NON_WORD = re.compile(r"[^a-z0-9]+")
_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|at|az|an|ash|adh|ath)\s(?=\w)")


def fold(name: str) -> str:
    """The lookup key of a place name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    words = _NON_WORD.sub(" ", ascii_name.lower()).strip()
    return _ARTICLE.sub("", words).replace(" ", "")
