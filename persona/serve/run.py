"""Starting the server: refuse an unsafe bind, say where everything is, build the guide, run uvicorn."""

from __future__ import annotations

import os
import socket
import sys
import tempfile
from collections.abc import Callable
from dataclasses import replace
from functools import partial
from pathlib import Path

from persona.errors import UserError
from persona.serve.config import CONFIG_VARIABLE, TOKEN_VARIABLE, ServeConfig, server_token

APP = "persona.serve.app:create_app"


def check_bind(config: ServeConfig) -> None:
    """Beyond loopback the API is reachable by others: it needs a token."""
    if not config.loopback and not server_token():
        raise UserError.one(
            f"--host {config.host} makes the API reachable from other machines: set {TOKEN_VARIABLE} "
            "to a long random secret first (clients send it as 'Authorization: Bearer ...'), "
            "or keep the default --host 127.0.0.1"
        )


def check_port_free(config: ServeConfig) -> None:
    family = socket.AF_INET6 if ":" in config.host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((config.host, config.port))
        except OSError as err:
            raise UserError.one(f"cannot listen on {config.host}:{config.port}: {err.strerror}; "
                                "pass another --port") from None


def banner(config: ServeConfig, workers: int) -> list[str]:
    shown = f"[{config.host}]" if ":" in config.host else config.host
    base = f"http://{shown}:{config.port}"
    lines = [
        f"persona serve: the drafting desk at {base}/desk/ar/ (English: {base}/desk/en/)",
        f"persona serve: the style guide at {base}/guide/, the API at {base}/api/v1/ "
        f"({workers} worker{'s' if workers != 1 else ''}; Ctrl-C to stop)",
    ]
    if config.loopback:
        lines.append("persona serve: bound to this machine only (no token needed)")
    else:
        lines.append(f"persona serve: bound to {config.host}: every API request needs "
                     f"'Authorization: Bearer ${TOKEN_VARIABLE}'; the desk asks for it once")
    return lines


def serve(config: ServeConfig, workers: int = 1,
          say: Callable[[str], None] = partial(print, file=sys.stderr, flush=True)) -> None:
    """Run until Ctrl-C. The guide is rebuilt here, in the supervisor; workers only answer requests."""
    import uvicorn

    from persona.cli.guide import _build
    from persona.loader import persona_dirs
    from persona.serve.guide import GuidePublisher

    check_bind(config)
    dirs = persona_dirs([Path(p) for p in config.personas] or None)  # a missing --personas DIR fails here
    check_port_free(config)
    with tempfile.TemporaryDirectory(prefix="persona-serve-") as tmp:
        config = replace(config, guide_root=tmp)
        os.environ[CONFIG_VARIABLE] = config.to_env()
        personas = [Path(p) for p in config.personas] or None
        GuidePublisher(Path(tmp), lambda out: _build(personas, out), dirs).start()
        for line in banner(config, workers):
            say(line)
        uvicorn.run(APP, factory=True, host=config.host, port=config.port, workers=workers,
                    log_level="warning", access_log=False, server_header=False,
                    timeout_graceful_shutdown=5)
