"""Channel names: ``x`` and its old name ``twitter`` are one channel (the one X-alias helper).

Standard library only and tiny: the persona model imports it.
"""

from __future__ import annotations

__all__ = ["X_NAMES", "channel_aliases", "is_x"]

#: The names of X, the current one first.
X_NAMES: tuple[str, ...] = ("x", "twitter")


def is_x(channel: str | None) -> bool:
    """Is ``channel`` X (``x`` or ``twitter``, any case)?"""
    return bool(channel) and channel.lower() in X_NAMES  # type: ignore[union-attr]


def channel_aliases(name: str) -> tuple[str, ...]:
    """The names a persona may list the channel ``name`` under, the name itself first (lower-cased)."""
    lowered = name.lower()
    if lowered in X_NAMES:
        return (lowered, *(other for other in X_NAMES if other != lowered))
    return (lowered,)
