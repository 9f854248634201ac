"""`except:` on vocabulary and values entries; `persona validate` warns about terms that can never match."""

from __future__ import annotations

import json

from persona.check.engine import check_text
from persona.check.registry import example_persona

VISIT = {"vocabulary": {"avoid": [{"term": "مراجعة", "reason": "خدماتنا رقمية", "except": ["مراجعة الطلب"]}]},
         "values": [{"claim": "Our services are fully digital", "contradicted_by": ["visit"],
                     "except": ["visit our website", "visit najiz.sa"]}]}


def found(text: str) -> list[tuple[str, str]]:
    return [(f.rule, f.match) for f in check_text(example_persona(VISIT), text).findings
            if f.rule in ("vocabulary.avoid", "values.contradiction")]


def test_term_does_not_apply_inside_its_exception() -> None:
    assert found("تتم مراجعة الطلب خلال يومي عمل.") == []
    assert found("بعد مراجعة طلبكم نبلغكم بالنتيجة.") == []  # the exception inflects like a term
    assert found("Visit our website to apply.") == []


def test_term_still_applies_elsewhere() -> None:
    assert found("يرجى مراجعة الفرع.") == [("vocabulary.avoid", "مراجعة")]
    assert found("Please visit the branch.") == [("values.contradiction", "visit")]


def test_exception_of_one_entry_does_not_hide_another() -> None:
    persona = example_persona({"vocabulary": {"avoid": [{"term": "مراجعة", "except": ["مراجعة الطلب"]},
                                                        {"term": "الطلب"}]}})
    assert [f.match for f in check_text(persona, "مراجعة الطلب").findings if f.rule == "vocabulary.avoid"] == ["الطلب"]


def test_except_is_in_the_schema_and_in_show(cli, write_persona) -> None:
    schema = json.loads(cli("schema").stdout)
    assert "except" in json.dumps(schema)
    write_persona("visit", """
        id: visit
        name: Visit
        vocabulary:
          avoid:
            - term: مراجعة
              except: [مراجعة الطلب]
    """)
    folder = str(write_persona("visit2", "id: visit2\nname: V\n").parent)
    shown = cli("show", "visit", "--personas", folder, "--format", "json")
    assert shown.code == 0, shown.stderr
    assert json.loads(shown.stdout)["vocabulary"]["avoid"][0]["except"] == ["مراجعة الطلب"]


def test_validate_warns_about_terms_that_can_never_match(cli, write_persona) -> None:
    path = write_persona("odd", """
        id: odd
        name: Odd
        vocabulary:
          avoid:
            - term: "ـــ"
            - term: مراجعة
              except: [زيارة الفرع]
    """)
    run = cli("validate", str(path), "--personas", str(path.parent))
    assert run.code == 0, run.stderr
    assert "vocabulary.avoid[0].term: 'ـــ' can never match" in run.stderr
    assert "vocabulary.avoid[1].except[0]: 'زيارة الفرع' does not contain the term" in run.stderr
