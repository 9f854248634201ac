"""Regenerate ``_xdata.py`` from the installed ``twitter-text-parser`` (dev tool).

``python -m persona.text._gen_xdata > persona/text/_xdata.py``

:mod:`persona.text.xcount` counts post length exactly as twitter-text v3 does,
without importing twitter-text at run time (its import takes ~200 ms and its
``parse_tweet`` ~0.5 ms a post). The data twitter-text's counting depends on —
its URL regular expressions (with the TLD lists) and its emoji list (Unicode
emoji-test 12.0) — is copied verbatim into ``_xdata.py`` by this script. A test
checks that the copy still equals what the installed package holds.
"""

from __future__ import annotations

import re
import sys


def collect() -> dict[str, object]:
    """Read the data out of twitter-text's compiled regular expressions."""
    from twitter_text.regexp.emoji import emoji
    from twitter_text.regexp.extract_url import extract_url
    from twitter_text.regexp.invalid_url_without_protocol_preceding_chars import (
        invalid_url_without_protocol_preceding_chars,
    )
    from twitter_text.regexp.valid_ascii_domain import valid_ascii_domain
    from twitter_text.regexp.valid_cctld import valid_cctld
    from twitter_text.regexp.valid_gtld import valid_gtld
    from twitter_text.regexp.valid_tco_url import valid_tco_url

    tlds = [
        (valid_gtld.pattern, _factor_tlds(valid_gtld.pattern)),
        (valid_cctld.pattern, _factor_tlds(valid_cctld.pattern)),
    ]

    pattern = emoji.pattern
    cut = pattern.rindex("|[")
    multi = [_decode(alt) for alt in pattern[:cut].split("|")]
    single_class = re.compile(pattern[cut + 1 :])
    singles = [c for c in range(sys.maxunicode + 1) if single_class.fullmatch(chr(c))]
    return {
        "URL_PATTERN": _replace_once(extract_url.pattern, tlds),
        "URL_FLAGS": int(extract_url.flags),
        "ASCII_DOMAIN_PATTERN": _replace_once(valid_ascii_domain.pattern, tlds),
        "ASCII_DOMAIN_FLAGS": int(valid_ascii_domain.flags),
        "TCO_PATTERN": valid_tco_url.pattern,
        "TCO_FLAGS": int(valid_tco_url.flags),
        "NO_PROTOCOL_BAD_BEFORE": invalid_url_without_protocol_preceding_chars.pattern,
        "EMOJI_MULTI": tuple(multi),
        "EMOJI_SINGLE_RANGES": tuple(_ranges(singles)),
    }


_TLD_HEAD = "(?:(?:"
_TLD_TAIL = ")(?=[^0-9a-zA-Z@+-]|$))"


def _factor_tlds(pattern: str) -> str:
    """twitter-text's TLD alternation ``(?:(?:t1|t2|...)(?=...))`` as a prefix tree.

    Python's ``re`` tries the 1,500 alternatives one by one at every candidate
    position (~15 µs a URL); the tree is 5-7 times faster and means the same:
    alternatives sharing a first character keep their order (twitter-text lists
    them in reverse alphabetical order so that ``comcast`` is tried before
    ``com``), and alternatives with different first characters never both match.
    """
    assert pattern.startswith(_TLD_HEAD) and pattern.endswith(_TLD_TAIL)
    alternatives = pattern[len(_TLD_HEAD) : -len(_TLD_TAIL)].split("|")
    assert all(re.escape(a) == a or not re.search(r"[\\()\[\]|?*+.^$]", a) for a in alternatives)
    return _TLD_HEAD + _factor(alternatives) + _TLD_TAIL


def _factor(alternatives: list[str]) -> str:
    groups: dict[str, list[str]] = {}
    for alt in alternatives:
        groups.setdefault(alt[:1], []).append(alt[1:])
    parts = []
    for first, rests in groups.items():
        if not first:
            parts.append("")
        elif len(rests) == 1:
            parts.append(re.escape(first + rests[0]))
        else:
            parts.append(f"{re.escape(first)}(?:{_factor(rests)})")
    return "|".join(parts)


def _replace_once(pattern: str, replacements: list[tuple[str, str]]) -> str:
    for old, new in replacements:
        assert pattern.count(old) <= 1
        pattern = pattern.replace(old, new)
    return pattern


def _decode(alternative: str) -> str:
    return "".join(chr(int(h, 16)) for h in re.findall(r"\\U([0-9A-Fa-f]{8})", alternative))


def _ranges(code_points: list[int]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for c in code_points:
        if out and out[-1][1] == c - 1:
            out[-1] = (out[-1][0], c)
        else:
            out.append((c, c))
    return out


def render(data: dict[str, object]) -> str:
    """The source text of ``_xdata.py``."""
    lines = [
        '"""twitter-text v3 data used by :mod:`persona.text.xcount` (generated: do not edit).',
        "",
        "Copied from twitter-text-parser 3.0 (MIT; twitter-text, Apache-2.0) by",
        "``python -m persona.text._gen_xdata``: its URL regular expressions, including the",
        "TLD lists (factored into prefix trees, same meaning), and its emoji list (Unicode",
        "emoji-test.txt 12.0, sequences and single code points).",
        '"""',
        "",
        "# ruff: noqa: E501",
        "",
    ]
    for name, value in data.items():
        if name == "EMOJI_MULTI":
            lines.append(f"{name}: tuple[str, ...] = (")
            lines.extend(f"    {v!a}," for v in value)  # type: ignore[attr-defined]
            lines.append(")")
        elif name == "EMOJI_SINGLE_RANGES":
            lines.append(f"{name}: tuple[tuple[int, int], ...] = (")
            lines.extend(f"    ({lo:#x}, {hi:#x})," for lo, hi in value)  # type: ignore[attr-defined]
            lines.append(")")
        else:
            lines.append(f"{name} = {value!a}")
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    sys.stdout.write(render(collect()))
