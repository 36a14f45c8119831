"""CSV bytes to text: UTF-8 where it can be, line by line, with the Windows-1252 fallback said.

A UTF-8 export with one line appended by another program in Windows-1252 stays UTF-8 (that line is
decoded with the fallback and listed), where decoding the whole file as Windows-1252 would garble its
header. NUL and other control bytes are judged on the whole file, wherever they are.
"""

from __future__ import annotations


class NotText(Exception):
    """Bytes that are not a text table (binary, damaged UTF-16); the message is French."""


# A file that starts like one of these is not a text table, whatever its extension.
_BINARY_MAGIC = (b"PK\x03\x04", b"%PDF", b"\xd0\xcf\x11\xe0", b"\x89PNG", b"GIF8", b"\xff\xd8\xff")
# Control bytes in more than this share of a file: a binary file, not a text table with a stray NUL.
NUL_SHARE_BINARY = 0.01
SHOWN_LINES = 5
_CONTROL_BYTES = bytes(b for b in range(32) if b not in (9, 10, 13)) + b"\x7f"


def _lines_text(numbers: list[int]) -> str:
    shown = ", ".join(str(n) for n in numbers[:SHOWN_LINES])
    return shown + (f" et {len(numbers) - SHOWN_LINES} autres" if len(numbers) > SHOWN_LINES else "")


def _without_nul(data: bytes, warnings: list[str]) -> bytes:
    """NUL bytes are judged on the whole file, wherever they are: a few are removed (and said), many
    make the file binary."""
    # Control characters (NUL included) in more than 1 % of the bytes, wherever they are: binary.
    controls = len(data) - len(data.translate(None, _CONTROL_BYTES))
    if controls > NUL_SHARE_BINARY * len(data):
        raise NotText("fichier binaire : ce n'est pas un tableau CSV lisible")
    count = data.count(b"\x00")
    if not count:
        return data
    lines = sorted({n + 1 for n, line in enumerate(data.split(b"\n")) if b"\x00" in line})
    warnings.append(
        f"{count} caractère{'s' if count > 1 else ''} nul{'s' if count > 1 else ''} (octet 0) "
        f"retiré{'s' if count > 1 else ''}, ligne{'s' if len(lines) > 1 else ''} {_lines_text(lines)}"
    )
    return data.replace(b"\x00", b"")


def _single_byte(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # cp1252 leaves five bytes undefined; Latin-1 maps them, so nothing is lost.
        return line.decode("latin-1")


def decode_text(data: bytes) -> tuple[str, str, list[str]]:
    """Decode CSV bytes: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252; with the
    warnings the user should read (French).

    A UTF-8 file with a few lines in Windows-1252 (a line appended by another program) stays UTF-8:
    only those lines are decoded with the fallback, and listed.
    """
    warnings: list[str] = []
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16", warnings
        except UnicodeDecodeError as exc:
            raise NotText("fichier UTF-16 illisible (encodage endommagé)") from exc
    if data.startswith(_BINARY_MAGIC):
        raise NotText("fichier binaire : ce n'est pas un tableau CSV lisible (classeur, PDF ou image renommé ?)")
    bom = data.startswith(b"\xef\xbb\xbf")
    data = _without_nul(data[3:] if bom else data, warnings)
    try:
        return data.decode("utf-8"), "UTF-8 (BOM)" if bom else "UTF-8", warnings
    except UnicodeDecodeError:
        pass
    lines = data.split(b"\n")
    decoded: list[str | None] = []
    utf8_accented = 0
    for line in lines:
        try:
            decoded.append(line.decode("utf-8"))
            utf8_accented += not line.isascii()
        except UnicodeDecodeError:
            decoded.append(None)
    if not utf8_accented and not bom:  # no line is UTF-8 with accents: a Windows-1252 export
        try:
            return data.decode("cp1252"), "Windows-1252", warnings
        except UnicodeDecodeError:
            return data.decode("latin-1"), "ISO-8859-1", warnings
    fallback = [n + 1 for n, text in enumerate(decoded) if text is None]
    s = "s" if len(fallback) > 1 else ""
    warnings.append(
        f"{len(fallback)} ligne{s} non codée{s} en UTF-8 (ligne{s} {_lines_text(fallback)}) : lue{s} "
        "en Windows-1252, le reste du fichier en UTF-8 ; vérifiez leurs accents"
    )
    text = "\n".join(t if t is not None else _single_byte(line) for t, line in zip(decoded, lines, strict=True))
    return text, ("UTF-8 (BOM)" if bom else "UTF-8") + ", lignes en Windows-1252", warnings
