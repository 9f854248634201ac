"""Each persona's word list as files a team can reuse: CSV, JSON and a Vale vocabulary.

Written into each language's built site under ``downloads/<id>/``:

- ``<id>-words.csv``: one row per term. UTF-8 *with* a byte-order mark, so that Excel opens Arabic
  correctly, and safe to open in a spreadsheet: a cell that starts with ``=``, ``+``, ``-``, ``@``,
  a tab or a carriage return is prefixed with ``'`` (no persona text becomes a formula).
- ``<id>-words.json``: the same rows, with the exceptions as lists.
- ``vale/styles/config/vocabularies/<id>/accept.txt`` and ``reject.txt``: Vale's vocabulary layout,
  one regular expression per line. accept.txt holds the terms to write, reject.txt the ones never
  to write (the ``instead_of`` of a preference and every avoided term). Regular-expression
  metacharacters are escaped. A Latin term in lower case is accepted case-insensitively
  (``(?i)``: Vale.Terms then does not insist on lower case at the start of a sentence); one with
  capitals (AlUla) is accepted as written, so Vale enforces its spelling. Rejected Latin terms are
  matched case-insensitively, as ``persona check`` matches them.
- ``<id>-vale.zip``: that folder with a sample ``.vale.ini``, zipped reproducibly.
"""

from __future__ import annotations

import csv
import io
import json
import posixpath
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from markupsafe import Markup, escape

from persona.guide.az_labels import az_label
from persona.guide.i18n import script_language
from persona.model import Persona

COLUMNS = ("term", "status", "use_instead", "severity", "language", "note_ar", "note_en", "except")
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_REGEX_SPECIAL = frozenset("\\.+*?()|[]{}^$#")
_JSON_MARKUP = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})
_ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: the archive is the same bytes every build


@dataclass(frozen=True, slots=True)
class Row:
    term: str
    status: str  # "prefer" or "avoid"
    use_instead: str
    severity: str
    language: str  # "ar", "en" or "" (by the term's script)
    note_ar: str
    note_en: str
    except_: tuple[str, ...]


def _note(value: str | dict[str, str] | None, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value if (script_language(value) or lang) == lang else ""
    return value.get(lang, "")


def word_list(persona: Persona) -> list[Row]:
    """Every term of the persona: each preferred term, then what it replaces, then the avoided ones."""
    rows = []
    for prefer in persona.vocabulary.prefer:
        exceptions = tuple(prefer.except_ or ())
        rows.append(Row(prefer.use, "prefer", "", prefer.severity, script_language(prefer.use) or "",
                        _note(prefer.note, "ar"), _note(prefer.note, "en"), exceptions))
        rows += [Row(old, "avoid", prefer.use, prefer.severity, script_language(old) or "",
                     _note(prefer.note, "ar"), _note(prefer.note, "en"), exceptions)
                 for old in prefer.instead_of]
    for avoid in persona.vocabulary.avoid:
        rows.append(Row(avoid.term, "avoid", "", avoid.severity, script_language(avoid.term) or "",
                        _note(avoid.reason, "ar"), _note(avoid.reason, "en"), tuple(avoid.except_ or ())))
    return rows


def spreadsheet_safe(cell: str) -> str:
    """A cell a spreadsheet shows as text: no formula, however the persona file spells it."""
    return "'" + cell if cell.startswith(_FORMULA_STARTS) else cell


def to_csv(rows: Iterable[Row]) -> bytes:
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        cells = [row.term, row.status, row.use_instead, row.severity, row.language, row.note_ar, row.note_en,
                 " | ".join(row.except_)]
        writer.writerow([spreadsheet_safe(cell) for cell in cells])
    return out.getvalue().encode("utf-8-sig")


def to_json(persona: Persona, rows: Iterable[Row], changed: datetime | None) -> bytes:
    terms = [{"term": row.term, "status": row.status, "use_instead": row.use_instead, "severity": row.severity,
              "language": row.language, "note_ar": row.note_ar, "note_en": row.note_en, "except": list(row.except_)}
             for row in rows]
    head = {
        "persona": persona.id,
        "name": dict(_names(persona)),
        "last_changed": changed.isoformat() if changed else None,
    }
    # One term a line (readable, diffable), each line by the C encoder (an indented dump is pure Python).
    lines = ",\n".join("    " + json.dumps(term, ensure_ascii=False) for term in terms)
    text = json.dumps(head, ensure_ascii=False)[:-1] + ', "terms": [\n' + lines + ("\n  ]}\n" if terms else "]}\n")
    # <, > and & only occur inside JSON strings: as \u escapes no markup of a persona is ever in the
    # file as such (a browser sniffing it as HTML, or a page embedding it, finds no tag).
    return text.translate(_JSON_MARKUP).encode("utf-8")


def _names(persona: Persona) -> list[tuple[str, str]]:
    if isinstance(persona.name, str):
        return [(script_language(persona.name) or "en", persona.name)]
    return list(persona.name.items())


def vale_pattern(term: str, *, accept: bool) -> str:
    """One vocabulary line: the term with regex metacharacters escaped, ``(?i)`` where case may vary."""
    escaped = "".join("\\" + c if c in _REGEX_SPECIAL else c for c in " ".join(term.split()))
    latin = script_language(term) == "en"
    if latin and (not accept or term == term.lower()):
        return "(?i)" + escaped
    return escaped


def vale_vocabulary(persona: Persona) -> tuple[str, str]:
    """``(accept.txt, reject.txt)`` contents."""
    accept = _unique(vale_pattern(p.use, accept=True) for p in persona.vocabulary.prefer)
    rejected = [old for p in persona.vocabulary.prefer for old in p.instead_of]
    rejected += [a.term for a in persona.vocabulary.avoid]
    reject = _unique(vale_pattern(term, accept=False) for term in rejected)
    return "".join(f"{line}\n" for line in accept), "".join(f"{line}\n" for line in reject)


def _unique(lines: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(lines))


def vale_ini(persona: Persona) -> str:
    return (f"# A sample configuration: Vale with the {persona.id} vocabulary.\n"
            "StylesPath = styles\nMinAlertLevel = suggestion\n"
            f"Vocab = {persona.id}\n\n[*]\nBasedOnStyles = Vale\nVale.Spelling = NO\n")


def _folder(persona_id: str) -> str:
    return f"downloads/{persona_id}"


def _vocab_folder(persona_id: str) -> str:
    return f"{_folder(persona_id)}/vale/styles/config/vocabularies/{persona_id}"


def files_of(persona: Persona, changed: datetime | None) -> dict[str, bytes]:
    """Every download of one persona: site-relative path → content."""
    rows = word_list(persona)
    accept, reject = vale_vocabulary(persona)
    folder, vocab = _folder(persona.id), _vocab_folder(persona.id)
    files = {
        f"{folder}/{persona.id}-words.csv": to_csv(rows),
        f"{folder}/{persona.id}-words.json": to_json(persona, rows, changed),
        f"{vocab}/accept.txt": accept.encode("utf-8"),
        f"{vocab}/reject.txt": reject.encode("utf-8"),
    }
    zipped = {
        ".vale.ini": vale_ini(persona).encode("utf-8"),
        f"styles/config/vocabularies/{persona.id}/accept.txt": files[f"{vocab}/accept.txt"],
        f"styles/config/vocabularies/{persona.id}/reject.txt": files[f"{vocab}/reject.txt"],
    }
    files[f"{folder}/{persona.id}-vale.zip"] = _zip(zipped)
    return files


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in members.items():
            info = zipfile.ZipInfo(name, _ZIP_TIME)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content)
    return buffer.getvalue()


def download_files(personas: Sequence[Persona], changed: dict[str, datetime]) -> dict[str, bytes]:
    """Every persona's downloads (made once, written into each language's site)."""
    files: dict[str, bytes] = {}
    for persona in personas:
        files.update(files_of(persona, changed.get(persona.id)))
    return files


def write_downloads(site_dir: Path, files: dict[str, bytes]) -> None:
    """Write the downloads into a built site."""
    for relative, content in files.items():
        path = site_dir / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.is_symlink():
            path.unlink()  # never write through a link left in the output folder
        path.write_bytes(content)


def download_links(persona: Persona, from_page: str) -> dict[str, str]:
    """Relative links from ``from_page`` to the persona's downloads (csv, json, accept, reject, zip)."""
    base = posixpath.relpath(".", posixpath.dirname(from_page) or ".")
    folder, vocab = _folder(persona.id), _vocab_folder(persona.id)
    targets = {
        "csv": f"{folder}/{persona.id}-words.csv",
        "json": f"{folder}/{persona.id}-words.json",
        "accept": f"{vocab}/accept.txt",
        "reject": f"{vocab}/reject.txt",
        "zip": f"{folder}/{persona.id}-vale.zip",
    }
    return {kind: posixpath.normpath(posixpath.join(base, target)) for kind, target in targets.items()}


def persona_about(persona: Persona, page: str, lang: str, changed: datetime | None) -> Markup:
    """The persona page's line on when it last changed, and its downloads (escaped HTML)."""
    from persona.guide.changed import format_date

    links = download_links(persona, page)
    parts = []
    if changed is not None:
        parts.append(f'<span class="pg-badge pg-changed">{escape(az_label("last_changed", lang))}: '
                     f'<time datetime="{escape(changed.isoformat())}">{escape(format_date(changed, lang))}</time>'
                     "</span>")
    anchors = [("csv", "CSV", "dl_csv"), ("json", "JSON", "dl_json"), ("zip", "Vale", "dl_vale")]
    items = " · ".join(f'<a href="{escape(links[kind])}" title="{title}" download>{escape(az_label(key, lang))}</a>'
                       for kind, title, key in anchors)
    parts.append(f'<span class="pg-badge pg-downloads">{escape(az_label("word_list", lang))}: {items}</span>')
    # a line between the badges: words of adjacent badges never run together in a search excerpt
    return Markup(f'<p class="pg-meta pg-about">{chr(10).join(parts)}</p>')


__all__ = ["COLUMNS", "Row", "download_files", "download_links", "files_of", "persona_about", "spreadsheet_safe",
           "to_csv", "to_json", "vale_pattern", "vale_vocabulary", "word_list", "write_downloads"]
