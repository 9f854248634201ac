"""Convert `persona check --format json` output into a GitLab code quality report."""

import hashlib
import json
import sys

SEVERITY = {"error": "major", "warning": "minor", "suggestion": "info"}

with open(sys.argv[1], encoding="utf-8") as handle:
    report = json.load(handle)

issues = []
for result in report["results"]:
    path = result["source"].split("#")[0]  # archives report FILE#ID
    for f in result["findings"]:
        key = f"{result['source']}:{f['rule']}:{f['start']}:{f['match']}"
        issues.append(
            {
                "description": f"{f['message']} ({f['rule']})",
                "check_name": f["rule"],
                "fingerprint": hashlib.sha256(key.encode()).hexdigest(),
                "severity": SEVERITY[f["severity"]],
                "location": {"path": path, "lines": {"begin": f["line"]}},
            }
        )
json.dump(issues, sys.stdout, ensure_ascii=False, indent=2)
print()
