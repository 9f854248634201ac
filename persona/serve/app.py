"""The ASGI application: API, desk and guide behind one :class:`~persona.serve.guard.Guard`.

``create_app`` is the factory uvicorn calls in every worker (settings from the
environment, see :mod:`persona.serve.config`). Routes:

- ``/`` → ``/desk/ar/``; ``/desk/ar/`` and ``/desk/en/``: the drafting desk; ``/desk/static/…``: its files;
- ``/guide/…``: the style-guide site (:mod:`persona.serve.guide`);
- ``/api/v1/…``: the JSON API (:mod:`persona.serve.api`).
"""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import FileResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route

from persona.errors import UserError
from persona.serve import api
from persona.serve.config import ServeConfig, server_token
from persona.serve.errors import ApiError, from_user_error, redact
from persona.serve.guard import Guard
from persona.serve.personas import LivePersonas

if TYPE_CHECKING:
    from persona.rewrite.service import Rewriter

STATIC = Path(__file__).parent / "static"
DESK_FILES = {"desk.css": "text/css", "desk.js": "text/javascript"}
DESK_LANGUAGES = {"ar": "rtl", "en": "ltr"}
DESK_CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'")
COMMON_HEADERS = {"X-Content-Type-Options": "nosniff", "Referrer-Policy": "no-referrer"}
log = logging.getLogger("persona.serve")

Endpoint = Callable[[Request], Awaitable[Response]]


@dataclass
class Desk:
    """What the handlers share in one worker: settings, personas, rewriters, model slots."""

    config: ServeConfig
    personas: LivePersonas
    model_slots: asyncio.Semaphore
    _rewriters: dict[str, Rewriter] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def rewriter(self, backend: str) -> Rewriter:
        """The worker's rewriter for ``backend``; the model one must have a key on the server."""
        with self._lock:
            if backend not in self._rewriters:
                made = api.rewriter_for(backend, self.config.model_concurrency, self.config.model)
                try:
                    made.prepare()
                except UserError as err:
                    raise from_user_error(err, 503, "backend") from None
                self._rewriters[backend] = made
            return self._rewriters[backend]


def guarded(endpoint: Endpoint) -> Endpoint:
    """Every failure as the API's JSON error: ApiError as is, UserError as 422, anything else a bare 500."""

    async def run(request: Request) -> Response:
        try:
            response = await endpoint(request)
        except ApiError as err:
            response = JSONResponse(err.document(), status_code=err.status, headers=err.headers)
        except UserError as err:
            failure = from_user_error(err, 422, None)
            response = JSONResponse(failure.document(), status_code=422)
        except Exception as err:  # never a traceback to the client; one redacted line in the log
            log.error("persona serve: %s %s failed: %s", request.method, request.url.path,
                      redact(f"{type(err).__name__}: {err}"))
            failure = ApiError(500, None, "internal error (the server's log has one line about it)")
            response = JSONResponse(failure.document(), status_code=500)
        response.headers.update(COMMON_HEADERS)
        return response

    return run


async def home(request: Request) -> Response:
    return RedirectResponse("/desk/ar/", status_code=307)


async def desk_page(request: Request) -> Response:
    lang = request.path_params["lang"]
    if lang not in DESK_LANGUAGES:
        raise ApiError(404, "lang", "the desk is in 'ar' and 'en'")
    html = (STATIC / "desk.html").read_text(encoding="utf-8")
    token_needed = "true" if server_token() else "false"
    html = html.replace("__LANG__", lang).replace("__DIR__", DESK_LANGUAGES[lang])
    html = html.replace("__TOKEN_NEEDED__", token_needed)
    return Response(html, media_type="text/html; charset=utf-8",
                    headers={"Content-Security-Policy": DESK_CSP, "Cache-Control": "no-store"})


async def desk_static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in DESK_FILES:
        raise ApiError(404, None, "no such file")
    return FileResponse(STATIC / name, media_type=DESK_FILES[name], headers={"Cache-Control": "no-cache"})


async def guide_page(request: Request) -> Response:
    from persona.serve.guide import current_site

    root = request.app.state.desk.config.guide_root
    site = current_site(Path(root)) if root else None
    if site is None:
        return Response("The style guide is being built; this page reloads in a moment.",
                        status_code=503, media_type="text/plain; charset=utf-8", headers={"Retry-After": "2"})
    found = _inside(site, request.path_params.get("path", ""))
    if found is None:
        raise ApiError(404, None, "no such page in the style guide")
    if found.is_dir():
        if not request.url.path.endswith("/"):
            return RedirectResponse(request.url.path + "/", status_code=307)
        found = found / "index.html"
        if not found.is_file():
            raise ApiError(404, None, "no such page in the style guide")
    return FileResponse(found, headers={"Cache-Control": "no-cache"})


def _inside(site: Path, relative: str) -> Path | None:
    """``site/relative`` when it exists and really is inside ``site`` (no ``..``, no symlink out)."""
    base = site.resolve()
    try:
        candidate = (base / relative.lstrip("/")).resolve()
    except ValueError:  # a NUL byte or a lone surrogate: names no file
        return None
    if candidate != base and base not in candidate.parents:
        return None
    return candidate if candidate.exists() else None


async def openapi(request: Request) -> Response:
    from persona.serve.openapi import openapi_document

    return JSONResponse(openapi_document())


async def not_found(request: Request, exc: Exception) -> Response:
    status = exc.status_code if isinstance(exc, HTTPException) else 404
    message = "no such endpoint" if status == 404 else "method not allowed" if status == 405 else "refused"
    field_name = "path" if status == 404 else "method" if status == 405 else None
    response = JSONResponse(ApiError(status, field_name, message).document(), status_code=status)
    response.headers.update(COMMON_HEADERS)
    return response


def routes() -> list[Route]:
    v1 = "/api/v1"
    table: list[tuple[str, Endpoint, list[str]]] = [
        ("/", home, ["GET"]),
        ("/desk/{lang}/", desk_page, ["GET"]),
        ("/desk/static/{name}", desk_static, ["GET"]),
        ("/guide/{path:path}", guide_page, ["GET"]),
        (f"{v1}/check", api.check, ["POST"]),
        (f"{v1}/rewrite", api.rewrite, ["POST"]),
        (f"{v1}/count", api.count, ["POST"]),
        (f"{v1}/personas", api.personas, ["GET"]),
        (f"{v1}/personas/{{persona_id}}", api.persona, ["GET"]),
        (f"{v1}/rules", api.rules, ["GET"]),
        (f"{v1}/openapi.json", openapi, ["GET"]),
    ]
    return [Route(path, guarded(endpoint), methods=methods) for path, endpoint, methods in table]


def create_app(config: ServeConfig | None = None) -> Any:
    """The app for one worker, wrapped in the :class:`Guard`."""
    config = config or ServeConfig.from_env()
    personas = LivePersonas([Path(p) for p in config.personas] or None)
    app = Starlette(routes=routes(), exception_handlers={HTTPException: not_found})
    app.state.desk = Desk(config, personas, asyncio.Semaphore(max(1, config.model_concurrency)))
    return Guard(app, loopback=config.loopback, token=server_token(), rate_limit=config.rate_limit)
