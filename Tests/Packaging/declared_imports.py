#!/usr/bin/env python3
"""Every module a target's sources import is declared as a dependency of that target in
Package.swift (SwiftPM builds an undeclared one only while some other dependency happens to pull
it in). Run by `make test` and `make unit` before the build; prints what is missing and exits 1."""
import glob
import re
import sys

# Modules that come with the toolchain or the system, never declared.
TOOLCHAIN = {
    "Foundation", "FoundationEssentials", "Darwin", "FoundationNetworking", "Dispatch", "Glibc", "Musl",
    "Synchronization", "Testing", "XCTest", "_Concurrency", "PackageDescription",
}
# Modules a target declares only when they are installed (Package.swift adds them then), and
# imports under `#if canImport`.
OPTIONAL = {"CWhisper"}
# Products whose module has another name.
PRODUCT_MODULES = {"HummingbirdWSClient": {"WSClient"}}

package = open("Package.swift").read()
missing = []
for match in re.finditer(r'\.(target|executableTarget|testTarget)\(\s*name:\s*"([^"]+)"(.*?)\n        \)', package, re.S):
    kind, name, body = match.groups()
    path_match = re.search(r'path:\s*"([^"]+)"', body)
    path = path_match.group(1) if path_match else ("Tests/" if kind == "testTarget" else "Sources/") + name
    dependencies_text = body.split("swiftSettings")[0].split("resources:")[0]
    declared = set()
    for dependency in re.findall(r'"([A-Za-z0-9_]+)"', dependencies_text):
        declared |= {dependency} | PRODUCT_MODULES.get(dependency, set())
    for source in glob.glob(path + "/**/*.swift", recursive=True):
        for number, line in enumerate(open(source, encoding="utf-8"), 1):
            imported = re.match(r'(?:@testable |@_exported )?import (?:(?:struct|class|enum|func|protocol) )?([A-Za-z0-9_]+)[A-Za-z0-9_.]*\s*$', line)
            if imported and imported.group(1) not in declared | TOOLCHAIN | OPTIONAL | {name}:
                missing.append(f"{source}:{number}: {name} imports {imported.group(1)}, not a dependency of {name} in Package.swift")
for line in missing:
    print(line)
sys.exit(1 if missing else 0)
