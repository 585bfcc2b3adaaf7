#!/usr/bin/env python3
"""Checks the architecture the README draws, before the tests run (`make test`, CI).

1. Every module imports only the targets and products it declares in Package.swift (direct
   dependencies, not what comes along transitively; SwiftPM's own import check admits those).
2. No SQL on the event store's tables (`events`, `streams`) outside Sources/EventStore and schema.sql:
   the store is the only way in.
3. openapi.yaml is a valid OpenAPI 3.1 document (the routes are matched against it by a Swift test).
"""
import json
import pathlib
import re
import subprocess
import sys

root = pathlib.Path(__file__).resolve().parent.parent
# Modules every target may import: the toolchain's.
toolchain = {
    "Foundation", "FoundationEssentials", "FoundationXML", "Dispatch", "Glibc", "Darwin", "Synchronization", "Testing",
    "XCTest", "PackagePlugin", "os",
}
problems = []

package = json.loads(subprocess.run(
    ["swift", "package", "dump-package"], cwd=root, check=True, capture_output=True, text=True).stdout)
for target in package["targets"]:
    if target["type"] in ("system", "plugin"):
        continue
    declared = set()
    for dependency in target["dependencies"]:
        for kind in ("byName", "target", "product"):
            if kind in dependency:
                declared.add(dependency[kind][0])
    folder = root / (target.get("path") or ("Tests" if target["type"] == "test" else "Sources")) / (
        "" if target.get("path") else target["name"])
    for source in sorted(folder.rglob("*.swift")):
        for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
            match = re.match(r"\s*(?:@testable\s+|@_exported\s+)?import\s+(?:struct\s+|enum\s+|class\s+)?(\w+)", line)
            if not match:
                continue
            module = match.group(1)
            if module in toolchain or module in declared:
                continue
            problems.append(f"{source.relative_to(root)}:{number}: imports {module}, which {target['name']} does not declare")

store_sql = re.compile(r"\b(FROM|JOIN|INTO|UPDATE|TRUNCATE|TABLE|ON)\s+(public\.)?(events|streams)\b", re.IGNORECASE)
for source in sorted((root / "Sources").rglob("*.swift")):
    if source.is_relative_to(root / "Sources" / "EventStore"):
        continue
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip().startswith("//"):
            continue
        if store_sql.search(line):
            problems.append(f"{source.relative_to(root)}:{number}: SQL on the event store's tables outside EventStore")

from openapi_spec_validator import validate as validate_openapi
import yaml

try:
    validate_openapi(yaml.safe_load((root / "openapi.yaml").read_text(encoding="utf-8")))
except Exception as error:  # the validator's own error types vary between its versions
    problems.append(f"openapi.yaml: {str(error).splitlines()[0]}")

for problem in problems:
    print(problem, file=sys.stderr)
if problems:
    sys.exit(1)
print("architecture: imports match Package.swift; only EventStore touches events and streams; openapi.yaml is valid")
