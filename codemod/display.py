"""Showing file names and other input-controlled text on a terminal, in a log line or a report.

A file name may hold a newline (which would forge extra lines in `iacfix check` output), other
control characters, or bytes that are not UTF-8 (which Python carries as lone surrogates and
which cannot be written to a UTF-8 report). Such a name is shown quoted, with C escapes, the
way git shows it (core.quotePath); every other name is shown as it is.
"""

from __future__ import annotations

_ESCAPES = {"\n": "\\n", "\t": "\\t", "\r": "\\r", '"': '\\"', "\\": "\\\\"}


def display_path(name: str) -> str:
    """`name` as is when every character is printable, else `"..."` with escapes: `\\n`, `\\t`,
    `\\xNN` for a byte that is not UTF-8 (or another control character), `\\uNNNN` beyond."""
    if name.isprintable():
        return name
    out = ['"']
    for ch in name:
        code = ord(ch)
        if ch in _ESCAPES:
            out.append(_ESCAPES[ch])
        elif 0xDC80 <= code <= 0xDCFF:  # os.fsdecode's stand-in for an undecodable byte
            out.append(f"\\x{code - 0xDC00:02x}")
        elif ch.isprintable():
            out.append(ch)
        elif code < 0x100:
            out.append(f"\\x{code:02x}")
        else:
            out.append(f"\\u{code:04x}")
    out.append('"')
    return "".join(out)


def display_text(text: str) -> str:
    """A message for one line of output: control characters (but not the spaces) escaped as in
    `display_path`, without quoting the whole message."""
    if text.isprintable():
        return text
    return "".join(ch if ch.isprintable() or ch == " " else display_path(ch)[1:-1] for ch in text)
