"""decode_bytes: UTF-8, BOMs, UTF-16, legacy Western encodings, newlines, binary refusal."""

from __future__ import annotations

import codecs

import pytest

from incidex.errors import DocumentSkipped
from incidex.ingest.encoding import decode_bytes

FRENCH = "Le café du port était fermé à l'heure où l'explosion a eu lieu."
QUOTED = "The mayor said the blast was “deliberate” — nobody was hurt."


def test_utf8_plain_and_with_bom() -> None:
    assert decode_bytes(FRENCH.encode("utf-8"), "a.txt") == FRENCH
    assert decode_bytes(codecs.BOM_UTF8 + FRENCH.encode("utf-8"), "a.txt") == FRENCH


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_western_legacy_encodings(encoding: str) -> None:
    assert decode_bytes(FRENCH.encode(encoding), "a.txt") == FRENCH


def test_cp1252_smart_punctuation() -> None:
    assert decode_bytes(QUOTED.encode("cp1252"), "a.txt") == QUOTED


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_with_and_without_bom(encoding: str) -> None:
    assert decode_bytes(QUOTED.encode(encoding), "a.txt") == QUOTED


def test_cyrillic_legacy_encoding_is_not_read_as_western() -> None:
    text = "Взрыв произошёл утром возле вокзала, сообщили в полиции города."
    assert decode_bytes(text.encode("cp1251"), "a.txt") == text


def test_utf8_with_a_stray_byte_stays_utf8() -> None:
    data = "Près de la gare, à midi, un café a été touché".encode() + b" \xe9t\xe9."
    text = decode_bytes(data, "a.txt")
    assert text.startswith("Près de la gare, à midi, un café a été touché")
    assert "\ufffd" in text


def test_newlines_normalised() -> None:
    assert decode_bytes(b"one\r\ntwo\rthree\n", "a.txt") == "one\ntwo\nthree\n"


@pytest.mark.parametrize(
    "data",
    [
        b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00",
        bytes(range(0, 32)) * 20,
        b"%PDF-1.7\n\x00\x01\x02\x03\x04\x05binary\x00\x00",
    ],
)
def test_binary_data_is_refused(data: bytes) -> None:
    with pytest.raises(DocumentSkipped) as err:
        decode_bytes(data, "picture.txt")
    message = str(err.value)
    assert message.startswith("picture.txt: binary file, not text;")
    assert "\n" not in message
