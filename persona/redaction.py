"""One redaction function for every output path: what is printed, logged, cached or raised.

:func:`redact` replaces every *form* of every secret it is given — as is, upper case, lower
case, base64 (standard and URL-safe, at each of the three byte alignments, so a key inside a
longer base64 string is caught too) — and anything that looks like a key (``sk-…``,
``Bearer …``) with ``[redacted]``.

The secrets of a run come from :func:`environment_secrets`: ``OPENAI_API_KEY`` and whatever is
secret in ``OPENAI_BASE_URL`` (:func:`url_secrets`: a user:password, the values of
``api-key=``/``key=``/``token=``/… query parameters, a path segment that looks like a key).
:func:`display_url` is a base URL fit to show: the same URL with those parts redacted.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Mapping

from persona.text.lazy import lazy_re

REDACTED = "[redacted]"
_KEY_LIKE = lazy_re(r"\b(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,}|\bBearer\s+\S+", re.IGNORECASE)
_SECRET_QUERY = lazy_re(r"(?:api[-_]?key|key|token|secret|password|passwd|pwd|sig|signature|auth|"
                        r"access[-_]?token|client[-_]?secret|code)$", re.IGNORECASE)
_KEYLIKE_SEGMENT = lazy_re(r"(?=.*[0-9])(?=.*[A-Za-z])[A-Za-z0-9_\-.~+=]{20,}|(?:sk|pk|rk)-[A-Za-z0-9_\-]{6,}")
MIN_SECRET = 6  # shorter is no secret ("local", the dummy key of a local server)


def secret_forms(secret: str) -> set[str]:
    """Every string that would reveal ``secret``: itself, its case variants, its base64 forms."""
    import base64  # only when there is a secret: every command starts through here

    forms = {secret, secret.upper(), secret.lower()}
    raw = secret.encode("utf-8")
    for shift in range(3):
        for encode in (base64.b64encode, base64.urlsafe_b64encode):
            text = encode(b"\0" * shift + raw).decode("ascii")
            skip = (shift * 8 + 5) // 6  # characters that hold the padding's bits
            whole = (shift + len(raw)) * 8 // 6  # characters made only of known bits
            core = text[skip:whole]
            if len(core) >= 8:
                forms.add(core)
    return {form for form in forms if len(form) >= MIN_SECRET}


class Redactor:
    """Replaces every form of the given secrets (worked out once, here) and, with ``key_like``,
    anything that looks like a key (``sk-…``, ``Bearer …``) by ``[redacted]``."""

    def __init__(self, secrets: Iterable[str | None] = (), *, key_like: bool = True) -> None:
        forms: set[str] = set()
        for secret in secrets:
            if secret and len(secret) >= MIN_SECRET:
                forms |= secret_forms(secret)
        self.forms = sorted(forms, key=len, reverse=True)  # longest first: no partial leftovers
        self.key_like = key_like

    def __call__(self, text: str) -> str:
        for form in self.forms:
            text = text.replace(form, REDACTED)
        return _KEY_LIKE().sub(REDACTED, text) if self.key_like else text


def redact(text: str, secrets: Iterable[str | None] = (), *, key_like: bool = True) -> str:
    """``text`` with every form of every secret, and (``key_like``) anything that looks like a key
    (``sk-…``, ``Bearer …``), replaced by ``[redacted]``."""
    return Redactor(secrets, key_like=key_like)(text)


def url_secrets(url: str | None) -> list[str]:
    """What is secret in a base URL: password (and user), secret query values, key-like path parts."""
    if not url:
        return []
    from urllib.parse import parse_qsl, unquote, urlsplit  # only with a URL: every command starts through here

    try:
        parts = urlsplit(url)
        found = [parts.password or ""]
        query = parse_qsl(parts.query, keep_blank_values=True)
    except ValueError:
        return [url]  # an URL that does not parse is shown as [redacted] as a whole
    found += [value for name, value in query if _SECRET_QUERY().search(name)]
    found += [segment for segment in parts.path.split("/") if _KEYLIKE_SEGMENT().fullmatch(unquote(segment))]
    expanded = set()
    for item in found:
        if len(item) >= MIN_SECRET:
            expanded |= {item, unquote(item)}
    return sorted(expanded, key=len, reverse=True)


def display_url(url: str) -> str:
    """``url`` with its secrets redacted (a password, secret query values, key-like path parts)."""
    return redact(url, url_secrets(url))


def environment_secrets(env: Mapping[str, str] | None = None) -> list[str]:
    """The secrets of this run: ``OPENAI_API_KEY`` and the secret parts of ``OPENAI_BASE_URL``."""
    env = os.environ if env is None else env
    key = env.get("OPENAI_API_KEY") or ""
    return [s for s in [key, *url_secrets(env.get("OPENAI_BASE_URL"))] if s]
