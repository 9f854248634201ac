"""`persona serve`: the style guide, the drafting desk and the JSON API (see :mod:`persona.serve`)."""

from __future__ import annotations

from typing import Annotated

import typer

from persona.cli.app import app
from persona.cli.common import PersonasOption


@app.command("serve")
def serve(
    host: Annotated[str, typer.Option("--host", help="Address to bind. Anything but loopback needs $PERSONA_TOKEN.")]
    = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="Port to listen on.")] = 8000,
    personas: PersonasOption = None,
    workers: Annotated[int, typer.Option("--workers", min=1, help="uvicorn worker processes.")] = 1,
    rate_limit: Annotated[
        int, typer.Option("--rate-limit", min=0, help="API requests a minute per client and worker (0: no limit).")
    ] = 600,
    model_concurrency: Annotated[
        int, typer.Option("--model-concurrency", min=1, help="Rewrites in flight at once, per worker.")
    ] = 4,
    model: Annotated[
        str | None, typer.Option("--model", help="Model for the openai backend (default $PERSONA_MODEL).")
    ] = None,
) -> None:
    """Serve the style guide, the drafting desk and the JSON API (/api/v1/)."""
    from persona.serve.config import ServeConfig
    from persona.serve.run import serve as run

    config = ServeConfig(host=host, port=port, personas=[str(p) for p in personas or []],
                         rate_limit=rate_limit, model_concurrency=model_concurrency, model=model)
    run(config, workers=workers)
