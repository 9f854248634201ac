"""Regenerate ``_emoji_data.py`` from the installed ``emoji`` package (dev tool).

``python -m persona.text._gen_emoji_data > persona/text/_emoji_data.py``

:mod:`persona.text.emoji_scan` finds emoji exactly as ``emoji.emoji_list`` does, without
importing the package at run time (its import builds tables of every emoji in every
language: about 17 ms of every cold start that meets an emoji). What its tokenizer depends
on — the set of emoji strings, and which of them are components (skin tones, hair) — is
copied into ``_emoji_data.py`` by this script; tests/test_emoji_scan.py checks that the copy
equals what the installed package holds and that the scanner agrees with ``emoji_list``.
"""

from __future__ import annotations

import sys

PER_LINE = 40


def collect() -> tuple[str, list[str], list[str]]:
    """(package version, every emoji string sorted, the components sorted)."""
    import emoji
    from emoji import unicode_codes

    data = unicode_codes.EMOJI_DATA
    component = unicode_codes.STATUS["component"]
    every = sorted(data)
    components = sorted(e for e, entry in data.items() if entry["status"] == component)
    return emoji.__version__, every, components


def render(version: str, every: list[str], components: list[str]) -> str:
    """The source text of ``_emoji_data.py`` (ASCII: every code point escaped)."""
    lines = [
        f'"""Every emoji of the ``emoji`` package {version} (generated: do not edit).',
        "",
        "Copied by ``python -m persona.text._gen_emoji_data`` (emoji: BSD licence) for",
        ":mod:`persona.text.emoji_scan`: the emoji strings, and the components among them,",
        "each tuple of strings separated by spaces.",
        '"""',
        "",
        "# ruff: noqa: E501, SIM905",
        "",
        f"EMOJI_VERSION = {version!a}",
        "",
    ]
    for name, values in (("EMOJI", every), ("COMPONENTS", components)):
        assert not any(" " in v for v in values)
        lines.append(f"{name} = (")
        for start in range(0, len(values), PER_LINE):
            lines.append(f"    {' '.join(values[start:start + PER_LINE]) + ' '!a}")
        lines.append(").split()")
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    sys.stdout.write(render(*collect()))
