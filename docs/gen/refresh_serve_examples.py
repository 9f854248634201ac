"""Refresh the curl sessions of docs/serve.md with what the server answers today.

    python docs/gen/refresh_serve_examples.py

Starts ``persona serve`` on a free port with the sample personas, runs every
``$ curl -s http://127.0.0.1:8000/api/v1/…`` command of the page against it and
writes its output under the command. ``tests/test_serve_api.py`` re-runs the same
commands and fails when the page no longer shows the real output, so run this
after changing what the API returns.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PAGE = ROOT / "docs" / "serve.md"
EXAMPLE = re.compile(r"(```console\n\$ (curl -s http://127\.0\.0\.1:8000/api/v1/[^\n]+)\n)(.*?)(\n```)", re.DOTALL)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from tests.serve_server import ServeProcess

    log = Path(subprocess.check_output(["mktemp"], text=True).strip())
    with ServeProcess(["--personas", str(ROOT / "personas")], log) as server:

        def rerun(match: re.Match[str]) -> str:
            command = match.group(2).replace("127.0.0.1:8000", f"127.0.0.1:{server.port}")
            done = subprocess.run(["bash", "-c", command], capture_output=True, text=True, timeout=60, check=False)
            return match.group(1) + done.stdout.rstrip("\n") + match.group(4)

        page = PAGE.read_text(encoding="utf-8")
        PAGE.write_text(EXAMPLE.sub(rerun, page), encoding="utf-8")
    log.unlink(missing_ok=True)
    print(f"refreshed {len(EXAMPLE.findall(page))} sessions in {PAGE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
