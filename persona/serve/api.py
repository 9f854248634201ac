"""The JSON API, version 1: the documents of the CLI's JSON, over HTTP.

- ``POST /api/v1/check`` → the ``persona check --format json`` document;
- ``POST /api/v1/rewrite`` → the ``persona rewrite --format json`` document;
- ``GET /api/v1/personas``, ``GET /api/v1/personas/{id}`` (``persona show --format json``);
- ``GET /api/v1/rules`` → ``persona rules --format json``;
- ``POST /api/v1/count`` → the post's length as X counts it (and as its channel does).

Handlers parse, call the library (:mod:`persona.check.engine`, :mod:`persona.rewrite.service`)
and render with the CLI's own renderers.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any, cast

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import JSONResponse

from persona.errors import UserError
from persona.loader import check_id
from persona.serve import requests as req
from persona.serve.errors import ApiError, from_user_error, redact

if TYPE_CHECKING:
    from persona.model import Persona
    from persona.rewrite.service import Rewriter
    from persona.serve.app import Desk

X_MAX_LENGTH = 280  # what X allows when the persona sets no limit of its own


def desk_of(request: Request) -> Desk:
    return cast("Desk", request.app.state.desk)


def persona_for(desk: Desk, persona_id: str, field: str = "persona") -> Persona:
    """The persona, or 404 (unknown id) / 422 (not an id) / 503 (its file is invalid on the server)."""
    try:
        check_id(persona_id)
    except UserError:
        raise ApiError(422, field, "not a persona id (lower-case letters, digits and dashes)") from None
    if persona_id not in desk.personas.ids():
        from persona.loader import did_you_mean

        raise ApiError(404, field, f"unknown persona {persona_id!r}{did_you_mean(persona_id, desk.personas.ids())}")
    try:
        return desk.personas.get(persona_id)
    except UserError as err:
        raise from_user_error(err, 503, field) from None


async def check(request: Request) -> JSONResponse:
    desk = desk_of(request)
    data = await req.read_json(request, desk.config.body_limit)
    req.only_fields(data, ("text", "persona", "channel", "intent"))
    text = req.text_field(data)
    persona_id = req.name_field(data, "persona", required=True)
    assert persona_id is not None
    persona = persona_for(desk, persona_id)
    channel, intent = req.name_field(data, "channel"), req.name_field(data, "intent")
    from persona.check import report
    from persona.check.engine import check_text

    result = check_text(persona, text, channel=channel, intent=intent)
    return JSONResponse(report.render_json([result]))


async def count(request: Request) -> JSONResponse:
    desk = desk_of(request)
    data = await req.read_json(request, desk.config.body_limit)
    req.only_fields(data, ("text", "persona", "channel"))
    text = req.text_field(data)
    persona_id, channel = req.name_field(data, "persona"), req.name_field(data, "channel")
    persona = persona_for(desk, persona_id) if persona_id else None
    from persona.text.xcount import length_for_channel, x_weighted_length

    x_rules = persona.channel("x") if persona else None
    document: dict[str, Any] = {
        "version": 1,
        "x": {"length": x_weighted_length(text),
              "max_length": (x_rules.max_length if x_rules else None) or X_MAX_LENGTH},
    }
    channel = channel or (persona.default_channel if persona else None)
    if channel:
        rules = persona.channel(channel) if persona else None
        document["channel"] = {"name": channel, "length": length_for_channel(channel, text),
                               "max_length": rules.max_length if rules else None}
    return JSONResponse(document)


async def rewrite(request: Request) -> JSONResponse:
    desk = desk_of(request)
    data = await req.read_json(request, desk.config.body_limit)
    req.only_fields(data, ("text", "persona", "backend", "channel", "intent"))
    text = req.text_field(data)
    if not text.strip():
        raise ApiError(422, "text", "the message is empty")
    target = req.name_field(data, "persona", required=True)
    backend = req.choice_field(data, "backend", req.BACKENDS, "rules")
    channel, intent = req.name_field(data, "channel"), req.name_field(data, "intent")
    assert target is not None and backend is not None
    ids = desk.personas.ids() if target == req.ALL else [target]
    personas = [persona_for(desk, persona_id) for persona_id in ids]
    rewriter = desk.rewriter(backend)
    from persona.rewrite.llm_config import FatalBackendError

    async def one(persona: Persona) -> tuple[Persona, Any]:
        async with desk.model_slots:
            try:
                return persona, await run_in_threadpool(rewriter.rewrite, persona, text, channel, intent)
            except FatalBackendError as err:
                raise from_user_error(err, 503 if "API key" in str(err) else 502, "backend") from None
            except UserError as err:
                return persona, err

    outcomes = await asyncio.gather(*(one(persona) for persona in personas))
    document: dict[str, Any] = {"version": 1, "results": [
        result.to_json() for _, result in outcomes if not isinstance(result, UserError)]}
    failures = [{"persona": p.id, "message": redact(str(r))} for p, r in outcomes if isinstance(r, UserError)]
    if failures:
        document["errors"] = failures
    return JSONResponse(document, status_code=200 if document["results"] else 502)


def _summary(persona: Persona) -> dict[str, Any]:
    """One row of ``persona list``, with the names of the channels and intents the desk offers."""
    return {
        "id": persona.id,
        "name": persona.name,
        "sector": persona.sector,
        "formality": persona.voice.formality,
        "languages": list(persona.languages),
        "channels": list(persona.channels),
        "intents": list(persona.intents),
    }


async def personas(request: Request) -> JSONResponse:
    desk = desk_of(request)
    rows: list[dict[str, Any]] = []
    problems: list[str] = []
    for persona_id in desk.personas.ids():
        try:
            rows.append(_summary(desk.personas.get(persona_id)))
        except UserError as err:
            problems.extend(redact(str(p)) for p in err.problems)
    document: dict[str, Any] = {"version": 1, "personas": rows}
    if problems:
        document["problems"] = problems
    return JSONResponse(document)


async def persona(request: Request) -> JSONResponse:
    found = persona_for(desk_of(request), request.path_params["persona_id"], field="id")
    return JSONResponse(found.model_dump(mode="json", exclude_none=True))


async def rules(request: Request) -> JSONResponse:
    from persona.check.registry import all_rules

    return JSONResponse({"version": 1, "rules": [rule.to_json() for rule in all_rules()]})


def rewriter_for(backend: str, concurrency: int, model: str | None) -> Rewriter:
    """One rewriter per backend and worker (thread-safe); the model one checks its key when first used."""
    from persona.rewrite.service import RewriteOptions, Rewriter

    return Rewriter(RewriteOptions(backend=backend, model=model, concurrency=concurrency))
