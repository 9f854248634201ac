"""The rules reference, generated from the checker's registry (``persona.check.registry``).

Every rule carries examples that must fire and examples that must stay silent.
The page shows them with the finding the checker really produces on each one,
checked against the registry's example persona.
"""

from __future__ import annotations

import html
import re
from typing import Any

SCOPES = {
    "prose": "prose only: code, inline code, link targets and front matter are skipped",
    "body": "the whole message body",
}


def _inline(text: str) -> str:
    """Text safe inside a Markdown table cell: HTML-escaped, no Markdown markup, no pipes."""
    text = html.escape(text, quote=False).replace("\n", " ")
    text = re.sub(r"([\\`*_\[\]|~])", r"\\\1", text)
    return text


_ARABIC_RUN = re.compile(
    r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+(?:\s+[\u0600-\u06ff\u0750-\u077f\ufb50-\ufdff\ufe70-\ufeff]+)*"
)


def _isolated(text: str) -> str:
    """Arabic runs inside English text wrapped in <bdi>, so punctuation around them stays in place."""
    return _ARABIC_RUN.sub(lambda m: f"<bdi>{m.group(0)}</bdi>", text)


def _draft(text: str, lang: str) -> str:
    direction = "rtl" if lang == "ar" else "ltr"
    return f'<span dir="{direction}" lang="{lang}">{_inline(text)}</span>'


def _context(example: Any) -> str:
    parts = []
    if getattr(example, "source", None):
        source_lang = "ar" if _ARABIC_RUN.search(example.source) else "en"
        parts.append(f"rewrite of {_draft(example.source, source_lang)}")
    if getattr(example, "asked_lang", None):
        parts.append(f"`--lang {example.asked_lang}`")
    if example.channel:
        parts.append(f"channel `{example.channel}`")
    if example.intent:
        parts.append(f"intent `{example.intent}`")
    for key, value in _flatten(example.persona):
        parts.append(f"`{key}: {value}`")
    return "<br>".join(parts)


def _flatten(data: dict[str, Any], prefix: str = "") -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for key, value in data.items():
        path = f"{prefix}.{key}" if prefix else key
        if isinstance(value, dict):
            out += _flatten(value, path)
        else:
            shown = str(value).lower() if isinstance(value, bool) else value
            out.append((path, str(shown)))
    return out


def _findings(rule_id: str, example: Any) -> list[Any]:
    from persona.check.engine import check_text
    from persona.check.registry import example_persona

    result = check_text(example_persona(example.persona), example.text, channel=example.channel, intent=example.intent,
                        original=getattr(example, "source", None), lang=getattr(example, "asked_lang", None))
    return [f for f in result.findings if f.rule == rule_id]


def _verdict(rule_id: str, example: Any) -> str:
    found = _findings(rule_id, example)
    if not found:
        return "—"
    lines = []
    for f in found:
        where = f"{f.line}:{f.column}"
        match = f" «{_isolated(_inline(f.match))}»" if f.match else ""
        fix = f" → «{_isolated(_inline(f.suggestion))}»" if f.suggestion else ""
        lines.append(f"{f.severity} at {where}{match}: {_isolated(_inline(f.message))}{fix}")
    return "<br>".join(lines)


def anchor(rule_id: str) -> str:
    """The rule's section id; SARIF's ``helpUri`` links to it (one function for both)."""
    from persona.check.sarif import rule_anchor

    return rule_anchor(rule_id)


def render_summary() -> str:
    from persona.check.registry import all_rules

    out = ["| rule | default severity | finds |", "| --- | --- | --- |"]
    for rule in all_rules():
        out.append(f"| [`{rule.id}`](#{anchor(rule.id)}) | {rule.severity} | {_inline(rule.description)} |")
    return "\n".join(out) + "\n"


def render_example_persona() -> str:
    import yaml

    from persona.check.registry import EXAMPLE_PERSONA

    body = yaml.safe_dump(EXAMPLE_PERSONA, allow_unicode=True, sort_keys=False, width=100)
    indented = "\n".join(f"    {line}" if line else "" for line in body.splitlines())
    return f'??? info "The example persona"\n\n    ```yaml\n{indented}\n    ```\n'


def render() -> str:
    """One section per rule: severity, scope, description, examples with the real finding."""
    from persona.check.registry import all_rules

    out: list[str] = []
    for rule in all_rules():
        out += [
            f"### `{rule.id}` {{ #{anchor(rule.id)} }}",
            "",
            rule.description,
            "",
            f"- **Default severity:** {rule.severity}",
            f"- **Looks at:** {SCOPES.get(rule.scope, rule.scope)}",
            f"- **Turn off:** `<!-- persona-disable {rule.id} -->` … `<!-- persona-enable -->`",
            "",
            "| | draft | context | what the checker reports |",
            "| --- | --- | --- | --- |",
        ]
        for example in sorted(rule.examples, key=lambda e: (not e.fires, e.lang != "en")):
            label = "fires" if example.fires else "passes"
            out.append(
                f"| **{label}**<br>{example.lang} | {_draft(example.text, example.lang)} | "
                f"{_context(example)} | {_verdict(rule.id, example)} |"
            )
        out.append("")
    return "\n".join(out)
