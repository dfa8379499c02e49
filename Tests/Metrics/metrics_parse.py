"""Parses Prometheus text from stdin with the reference parser (prometheus_client) and prints
each family as JSON: {name: {"type": ..., "samples": [[sample name, labels, value], ...]}}.
A text the parser refuses exits non-zero with its error."""
import json
import sys

from prometheus_client.parser import text_string_to_metric_families

families = {}
for family in text_string_to_metric_families(sys.stdin.read()):
    families[family.name] = {
        "type": family.type,
        "samples": [[sample.name, sample.labels, sample.value] for sample in family.samples],
    }
print(json.dumps(families))
