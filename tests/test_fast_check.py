"""The fast check path (persona/cli/fast.py) prints what the full command line prints, byte for byte.

Every case runs the installed ``persona`` script twice in a subprocess — as it starts (the fast
path takes ``check … --as ID``) and with ``PERSONA_NO_FAST=1`` (the full Typer command line) —
and compares stdout, stderr and the exit code. A second set of runs proves which path ran:
the fast one imports no Typer, click, pydantic, YAML or the ``emoji`` package.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import shutil
import subprocess
import sys
import typing
from pathlib import Path

import pytest
import yaml

from persona import digest, snapshot
from persona.check.builtin import Builtin, builtin_entries
from persona.model import Persona
from persona.persona_cache import SEAL_TAG
from persona.text.matcher import TermMatcher
from tests.conftest import PERSONA_EXE, REPO, corpus

HEAVY = ("typer", "click", "pydantic", "pydantic_core", "yaml", "emoji")
ARABIC_SET = REPO / "tests" / "arabic_set"

EN_POST = ("Hey folks! We guarantee our customers can now book appointments online 🎉👍🏽 Call 920000000!! "
           "Don't miss it — visit https://bit.ly/xyz #Justice @MojKsa\n")
EN_CLEAN = "Beneficiaries can register a case electronically through Najiz: https://najiz.sa\n"
# MSA with a promise and a customer word; Saudi dialect; a hard negative (quoted speech, a Quran citation).
AR_MSA = "نضمن لجميع العملاء إنجاز الطلبات خلال يومين عبر منصة ناجز https://najiz.sa وللاستفسار اتصلوا على 1950.\n"
AR_DIALECT = "يا هلا والله! وش رايكم تجربون الخدمة الجديدة؟ صارت مره سهلة عشانكم 😀\n"
AR_NEGATIVE = ('قال المراجع: «الخدمة مره سهلة» ونحن نشكره، قال تعالى: ﴿وَأَوْفُوا بِالْعَهْدِ﴾.\n')
FRONT_MATTER = "---\nchannel: x\nintent: service\n---\n# إعلان\n\nنضمن لكم خدمة أسرع للعملاء!!\n"


def _env(cache: Path, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PERSONA_PATH", "PERSONA_NO_FAST", "PERSONA_NO_CACHE")}
    env.update({"PERSONA_CACHE_DIR": str(cache), "NO_COLOR": "", **extra})
    return env


def _run(args: list[str], cwd: Path, cache: Path, stdin: bytes | None = None, **extra: str) -> tuple[int, bytes, bytes]:
    done = subprocess.run([PERSONA_EXE, *args], cwd=cwd, input=stdin if stdin is not None else b"",
                          capture_output=True, env=_env(cache, **extra), timeout=300)
    return done.returncode, done.stdout, done.stderr


def _both(args: list[str], cwd: Path, cache: Path, stdin: bytes | None = None) -> tuple[int, bytes, bytes]:
    fast = _run(args, cwd, cache, stdin)
    full = _run(args, cwd, cache, stdin, PERSONA_NO_FAST="1")
    assert fast == full, f"persona {' '.join(args)}: the fast path differs"
    return fast


def _imported(args: list[str], cwd: Path, cache: Path, stdin: bytes = b"") -> list[str]:
    """The heavy modules a `persona` run in a fresh interpreter imported (the fast path: none)."""
    script = ("import sys; from persona.cli import main; code = main(sys.argv[1:]); "
              f"print('imported:', *(m for m in {HEAVY!r} if m in sys.modules), file=sys.__stderr__)")
    done = subprocess.run([sys.executable, "-c", script, *args], cwd=cwd, input=stdin, capture_output=True,
                          env=_env(cache), timeout=300)
    last = done.stderr.decode().splitlines()[-1]
    assert last.startswith("imported:"), done.stderr
    return last.split()[1:]


def _make_work(folder: Path, personas: Path) -> Path:
    """Drafts in English and Arabic, an archive of the Arabic evaluation set; ``personas`` as ./personas."""
    (folder / "drafts").mkdir(parents=True)
    for name, text in [("en.md", EN_POST), ("clean.txt", EN_CLEAN), ("msa.md", AR_MSA), ("dialect.txt", AR_DIALECT),
                       ("negative.md", AR_NEGATIVE), ("front.md", FRONT_MATTER)]:
        (folder / "drafts" / name).write_text(text, encoding="utf-8")
    drafts = [d for path in sorted(ARABIC_SET.glob("*.yaml")) if path.name != "persona.yaml"
              for d in yaml.safe_load(path.read_text(encoding="utf-8"))]
    lines = [json.dumps({"id": d["id"], "text": d["text"]}, ensure_ascii=False) for d in drafts]
    (folder / "arabic-set.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    broken = [*lines[:5], '{"text": "broken', *lines[5:10]]
    (folder / "broken.jsonl").write_text("\n".join(broken) + "\n", encoding="utf-8")
    (folder / "binary.md").write_bytes(b"\x00\x01\x02PNG\xff\xfe" * 20)
    evaluation = folder / "evaluation"
    evaluation.mkdir()
    (evaluation / "eval-municipal.yaml").write_bytes((ARABIC_SET / "persona.yaml").read_bytes())
    os.symlink(personas, folder / "personas")
    return folder


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(work folder, cache folder) for the comparisons that change nothing: snapshots made once."""
    root = tmp_path_factory.mktemp("fast")
    personas = root / "samples"
    shutil.copytree(REPO / "personas", personas)
    return _make_work(root / "work", personas), root / "cache"


@pytest.fixture
def work(tmp_path: Path, samples: Path) -> Path:
    """A work folder of this test's own (its persona files may be edited)."""
    return _make_work(tmp_path / "work", samples)


CASES = [
    ["check", "drafts/en.md", "--as", "legal"],
    ["check", "drafts/en.md", "--as", "entertainment", "--format", "json"],
    ["check", "drafts/msa.md", "drafts/dialect.txt", "drafts/negative.md", "--as", "government"],
    ["check", "drafts/msa.md", "--as", "legal", "--format=sarif"],
    ["check", "drafts", "--as", "culture", "--format", "github"],
    ["check", "drafts/front.md", "--as", "legal", "--format", "json"],
    ["check", "drafts/en.md", "--as", "legal", "--channel", "x", "--intent", "service", "--fail-on", "warning"],
    ["check", "drafts/clean.txt", "--as", "legal", "--fail-on", "never"],
    ["check", "drafts/dialect.txt", "--as", "education", "--lang", "en", "--format", "json"],
    ["check", "drafts/en.md", "--as", "legal", "--lang", "ar"],
    ["check", "arabic-set.jsonl", "--as", "eval-municipal", "--personas", "evaluation", "--format", "json"],
    ["check", "arabic-set.jsonl", "--as", "eval-municipal", "--personas", "evaluation", "--format", "sarif",
     "--sarif-root", "drafts"],
    ["check", "arabic-set.jsonl", "--as", "government", "-j", "1"],
    ["check", "broken.jsonl", "--as", "legal", "--format", "json"],  # results, then the line's error, exit 2
    ["check", "drafts/missing.md", "--as", "legal"],  # one line, exit 2, nothing else
    ["check", "binary.md", "--as", "legal"],
    ["check", "drafts/en.md", "--as", "nosuch"],  # unknown persona: the full path names it
    ["check", "drafts/en.md", "--as", "Not_An_Id"],
    ["check", "drafts/en.md", "--as", "legal", "--personas", "no-such-dir"],
    ["check", "drafts/en.md", "--as", "legal", "--format", "yaml"],  # a bad choice: the full parser says so
    ["check", "drafts/en.md", "--as", "legal", "--jobs", "0"],
    ["check", "drafts/en.md", "--as"],
    ["check", "--as", "legal", "drafts/en.md", "--help"],
    ["check", "--", "drafts/en.md", "--as", "legal"],
]


@pytest.mark.parametrize("args", CASES, ids=[" ".join(c[1:]) for c in CASES])
def test_fast_and_full_print_the_same(args: list[str], shared: tuple[Path, Path]) -> None:
    code, _, err = _both(args, *shared)
    assert b"Traceback" not in err and code in (0, 1, 2)


def test_the_run_that_makes_the_snapshot_prints_the_same(work: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["check", "drafts", "--as", "legal", "--format", "json"]
    first = _run(args, work, cache)  # no snapshot: made now, by the loader
    assert len(_snapshots(cache)) == 1
    assert first == _run(args, work, cache) == _run(args, work, cache, PERSONA_NO_FAST="1")


@pytest.mark.parametrize("text", [EN_POST, AR_MSA, AR_DIALECT, AR_NEGATIVE, FRONT_MATTER, ""])
@pytest.mark.parametrize("extra", [[], ["--format", "json", "--stdin-filename", "posts/الإعلان.md"],
                                   ["--format", "github"]])
def test_standard_input_the_same(text: str, extra: list[str], shared: tuple[Path, Path]) -> None:
    code, _, err = _both(["check", "-", "--as", "legal", *extra], *shared, text.encode())
    assert code in (0, 1), err


def test_corpus_archive_the_same(shared: tuple[Path, Path], tmp_path: Path) -> None:
    posts = corpus(1500, tmp_path)
    for fmt in ("json", "text"):
        code, out, _ = _both(["check", str(posts), "--as", "legal", "--channel", "x", "--format", fmt], *shared)
        assert code == 1 and out


def test_the_fast_path_imports_nothing_heavy(work: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    args = ["check", "drafts/en.md", "drafts/msa.md", "--as", "legal", "--format", "json"]
    first = _imported(args, work, cache)
    assert "pydantic" in first and "typer" not in first  # no snapshot yet: the loader validated the persona
    assert _imported(args, work, cache) == []  # emoji in the drafts, and still no `emoji` package
    assert _imported(["check", "-", "--as", "legal", "--format", "sarif"], work, cache, AR_DIALECT.encode()) == []
    assert "typer" in _imported(["check", "drafts/en.md", "--as", "nosuch"], work, cache)
    assert "typer" in _imported(["check", "drafts/en.md", "--as", "legal", "--fix"], work, cache)
    assert "typer" in _imported(["rules"], work, cache)


#: What a check without a link, its persona's snapshot stored, no longer imports (issue 19: cold start).
COLD = ("tempfile", "shutil", "random", "importlib.resources", "zipfile", "base64")
_COLD_SCRIPT = ("import sys; from persona.cli import main; code = main(sys.argv[1:]); "
                "from persona.text import links; from persona.check import builtin; "
                f"print('imported:', *(m for m in {COLD!r} if m in sys.modules), "
                "'url-compiled' if links._url_regexes.cache_info().currsize else '', "
                "'matcher-built' if builtin.builtin_entries.cache_info().currsize else '', file=sys.__stderr__)")
EN_NO_LINK = "Hey folks, we guarantee our customers a faster service. Thank you. #Justice\n"
AR_NO_LINK = "أعزاءنا العملاء، نضمن لكم متابعة الطلب دون زيارة الفرع. لا تفوتكم!! #رؤية_2030 #السعودية\n"


def _cold(args: list[str], cwd: Path, cache: Path, stdin: bytes = b"") -> list[str]:
    """What a run in a fresh interpreter imported of :data:`COLD`, and whether it compiled the URL
    expression or built the built-in matcher."""
    done = subprocess.run([sys.executable, "-c", _COLD_SCRIPT, *args], cwd=cwd, input=stdin, capture_output=True,
                          env=_env(cache), timeout=300)
    last = done.stderr.decode().splitlines()[-1]
    assert last.startswith("imported:"), done.stderr
    return last.split()[1:]


@pytest.mark.parametrize("text", [EN_NO_LINK, AR_NO_LINK, AR_DIALECT], ids=["en", "ar", "ar-dialect"])
def test_a_second_start_reads_what_the_first_compiled(work: Path, tmp_path: Path, text: str) -> None:
    """The persona's facts' links and the built-in matcher come from the cache, nothing writes a file:
    no tempfile, shutil, importlib.resources, URL expression (legal has a retired link) or matcher build."""
    cache = tmp_path / "cache"
    (work / "drafts" / "cold.txt").write_text(text, encoding="utf-8")
    args = ["check", "drafts/cold.txt", "--as", "legal"]
    first = _cold(args, work, cache)
    assert "matcher-built" in first and "url-compiled" in first  # made now, and stored
    assert len(list((cache / "snapshots").glob("builtin-matcher-*.pickle"))) == 1
    assert _cold(args, work, cache) == []
    assert _cold(["check", "-", "--as", "legal", "--format", "json"], work, cache, text.encode()) == []
    assert "url-compiled" in _cold(["check", "drafts/en.md", "--as", "legal"], work, cache)  # a link: needed
    assert _both(args, work, cache)[0] == 1


def test_a_forged_builtin_matcher_is_never_unpickled(work: Path, tmp_path: Path) -> None:
    """The stored matcher is a pickle: one whose seal does not verify is rebuilt, never loaded."""
    cache = tmp_path / "cache"
    args = ["check", "drafts/en.md", "drafts/dialect.txt", "--as", "legal", "--format", "json"]
    honest = _run(args, work, cache)
    [entry] = (cache / "snapshots").glob("builtin-matcher-*.pickle")
    head, _, body = entry.read_bytes().partition(b"\n")  # the automaton's pickle is not byte-stable
    planted = tmp_path / "planted"
    evil = (b"cos\nsystem\n(S'touch " + str(planted).encode() + b"'\ntR.")  # pickle: os.system("touch …")
    for attempt in [head + b"\n" + evil, evil, head + b"\n" + body[:-1] + b"X", b""]:
        entry.write_bytes(attempt)
        assert "matcher-built" in _cold(args, work, cache)
        assert not planted.exists()
        assert entry.read_bytes() != attempt, "the miss wrote the honest matcher back"
        assert "matcher-built" not in _cold(args, work, cache), "and the next start reads it"
        assert _run(args, work, cache) == honest


def test_the_stored_matcher_finds_what_a_built_one_finds() -> None:
    """The built-in entries survive the pickle as they were (each is stored by its fields)."""
    matcher = TermMatcher(builtin_entries(), clitics=False, letters=False)
    stored = pickle.loads(pickle.dumps(matcher, protocol=pickle.HIGHEST_PROTOCOL))
    text = AR_DIALECT + EN_POST
    found = matcher.find(text)
    assert found and stored.find(text) == found
    assert all(type(match.payload) is Builtin for match in stored.find(text))


def test_the_cases_above_take_the_fast_path(shared: tuple[Path, Path]) -> None:
    """So that the comparisons compare two paths (the ones meant to fall through excepted)."""
    work, cache = shared
    fast = [c for c in CASES if not {"nosuch", "Not_An_Id", "no-such-dir", "yaml", "0", "--help"} & set(c)
            and c[-1] != "--as" and "--" not in c]
    for args in fast:
        _imported(args, work, cache)  # makes the snapshot
        front_matter = args[1] in ("drafts", "drafts/front.md")  # read with the YAML parser
        assert _imported(args, work, cache) == (["yaml"] if front_matter else []), args


def test_an_id_defined_twice_is_warned_about_as_always(work: Path, tmp_path: Path) -> None:
    other = work / "other"
    other.mkdir()
    (other / "legal.yml").write_bytes((REPO / "personas" / "legal.yaml").read_bytes())
    (other / "government.yaml").write_bytes((REPO / "personas" / "government.yaml").read_bytes())
    args = ["check", "drafts/en.md", "--as", "legal", "--personas", "other", "--personas", "personas"]
    code, _, err = _both(args, work, tmp_path / "cache")
    assert code == 1 and b"is defined in" in err


# -- the snapshot ------------------------------------------------------------------------------------


def _snapshots(cache: Path) -> list[Path]:
    return sorted((cache / "snapshots").glob("*.json"))


def test_an_edited_or_forged_snapshot_is_a_miss(work: Path, tmp_path: Path) -> None:
    """Edited by hand, checksum recomputed, sealed with another key, copied under another name: all misses."""
    cache = tmp_path / "cache"
    args = ["check", "drafts/en.md", "--as", "legal", "--format", "json"]
    honest = _run(args, work, cache)
    assert honest[0] == 1 and json.loads(honest[1])["results"]
    [entry] = _snapshots(cache)
    head, _, body = entry.read_bytes().partition(b"\n")  # the automaton's pickle is not byte-stable
    data = json.loads(body)
    data["persona"]["voice"]["emoji"] = "free"  # what a forger wants: the draft passes
    data["persona"]["voice"]["formality"] = 1
    data["persona"]["vocabulary"]["avoid"] = []
    data["persona"]["vocabulary"]["prefer"] = []
    forged = json.dumps(data, ensure_ascii=False).encode()
    other_key = digest.mac(b"k" * 32, entry.name.encode() + b"\0" + forged).encode()
    for attempt in [head + b"\n" + forged,  # the old seal on new content
                    SEAL_TAG + b" " + digest.digest(forged).encode() + b"\n" + forged,
                    SEAL_TAG + b" " + other_key + b"\n" + forged,
                    b"persona-hmac-sha256 " + hashlib.sha256(forged).hexdigest().encode() + b"\n" + forged,
                    forged, b"\x00garbage"]:
        entry.write_bytes(attempt)
        assert _run(args, work, cache) == honest, attempt[:40]
        assert entry.read_bytes().partition(b"\n")[2] == body, "the miss wrote the honest entry back"
    other = ["check", "drafts/en.md", "--as", "entertainment", "--format", "json"]
    honest_other = _run(other, work, cache)
    [other_entry] = [e for e in _snapshots(cache) if e != entry]
    other_entry.write_bytes(entry.read_bytes())  # legal's sealed entry under entertainment's name
    assert _run(other, work, cache) == honest_other != honest


def test_a_changed_persona_file_is_a_miss(work: Path, tmp_path: Path, samples: Path) -> None:
    cache = tmp_path / "cache"
    args = ["check", "drafts/en.md", "--as", "legal", "--format", "json"]
    before = _run(args, work, cache)
    parent = samples / "government.yaml"  # legal extends government
    text = parent.read_text(encoding="utf-8")
    assert "- term: hereby" in text
    parent.write_text(text.replace("- term: hereby", "- term: folks", 1), encoding="utf-8")  # "Hey folks!"
    after = _both(args, work, cache)
    assert b"'folks'" not in before[1] and b"'folks'" in after[1]


def test_snapshot_equals_the_validated_persona(samples: Path) -> None:
    from persona.loader import PersonaStore

    store = PersonaStore.discover([samples])
    for persona_id in store.ids():
        persona = store.get(persona_id)
        copy = snapshot.from_payload(snapshot.PersonaSnapshot, persona.model_dump(mode="json"))
        assert _plain(copy) == persona.model_dump(mode="json")
        assert copy.primary_language == persona.primary_language  # type: ignore[attr-defined]
        assert copy.default_channel == persona.default_channel  # type: ignore[attr-defined]
        for name in ("x", "twitter", "Instagram", "nosuch"):
            assert _plain(copy.channel(name)) == (  # type: ignore[attr-defined]
                persona.channel(name).model_dump(mode="json") if persona.channel(name) else None)


def _plain(value: object) -> object:
    if isinstance(value, snapshot.Node):
        return {k: _plain(v) for k, v in vars(value).items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _model_of(annotation: object) -> tuple[str, type] | None:
    """("one" | "list" | "map", model) when a field's type holds pydantic models."""
    from pydantic import BaseModel

    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "one", annotation
    if origin is list and isinstance(args[0], type) and issubclass(args[0], BaseModel):
        return "list", args[0]
    if origin is dict and isinstance(args[1], type) and issubclass(args[1], BaseModel):
        return "map", args[1]
    if len(args) == 1:
        return _model_of(args[0])
    return None


def test_the_snapshot_shapes_are_the_models() -> None:
    """Every model-typed field of persona.model is in snapshot.NESTED, with its shape and class name."""
    names = {Persona: snapshot.PersonaSnapshot}
    pending, seen = [Persona], set()
    while pending:
        model = pending.pop()
        if model in seen:
            continue
        seen.add(model)
        kind = names.get(model) or getattr(snapshot, model.__name__)
        expected = {}
        for name, info in model.model_fields.items():
            found = _model_of(info.annotation)
            if found is not None:
                expected[name] = (found[0], found[1].__name__)
                pending.append(found[1])
        got = {name: (shape, cls.__name__) for name, (shape, cls) in snapshot.NESTED.get(kind, {}).items()}
        assert got == {n: (s, "PersonaSnapshot" if c == "Persona" else c) for n, (s, c) in expected.items()}, model
    assert {m.__name__ for m in seen} - {"Persona"} <= {c.__name__ for c in snapshot.Node.__subclasses__()}
