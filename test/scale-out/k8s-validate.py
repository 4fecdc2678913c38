"""Validates a Kubernetes manifest (YAML, one object) against the API models of the official
Python client (Debian's python3-kubernetes): every field must exist in its object's schema
(like kubectl --validate=strict), have the schema's type, and required fields must be set.
Prints the manifest as JSON on success; one line per problem and exit 1 otherwise.
Used by test/scale-out/k8s-indexed-job.test.ts: no cluster is needed."""
import json
import sys

import yaml
from kubernetes import client
from kubernetes.client import models

PRIMITIVES = {'str': str, 'int': int, 'bool': bool, 'float': (int, float), 'object': object, 'datetime': str, 'date': str}
KINDS = {('batch/v1', 'Job'): 'V1Job'}


def check(value, type_name, path, errors):
    if type_name.startswith('list['):
        if not isinstance(value, list):
            errors.append(f'{path}: expected a list ({type_name})')
            return
        for i, v in enumerate(value):
            check(v, type_name[5:-1], f'{path}[{i}]', errors)
        return
    if type_name.startswith('dict('):
        if not isinstance(value, dict):
            errors.append(f'{path}: expected a map ({type_name})')
            return
        for k, v in value.items():
            check(v, type_name[5:-1].split(', ', 1)[1], f'{path}.{k}', errors)
        return
    if type_name in PRIMITIVES:
        if (type_name == 'int' and isinstance(value, bool)) or not isinstance(value, PRIMITIVES[type_name]):
            errors.append(f'{path}: expected {type_name}, got {type(value).__name__} {value!r}')
        return
    cls = getattr(models, type_name)
    if not isinstance(value, dict):
        errors.append(f'{path}: expected an object ({type_name})')
        return
    field_of = {json_name: attr for attr, json_name in cls.attribute_map.items()}
    for k, v in value.items():
        if k not in field_of:
            errors.append(f'{path}.{k}: unknown field of {type_name}')
        else:
            check(v, cls.openapi_types[field_of[k]], f'{path}.{k}', errors)


def main(path):
    with open(path) as f:
        doc = yaml.safe_load(f)
    kind = KINDS.get((doc.get('apiVersion'), doc.get('kind')))
    if kind is None:
        print(f'{path}: apiVersion/kind {doc.get("apiVersion")}/{doc.get("kind")} is not one this check knows')
        return 1
    errors = []
    check(doc, kind, kind, errors)
    if not errors:
        try:  # the models' constructors refuse missing required fields
            client.ApiClient()._ApiClient__deserialize(doc, kind)
        except (ValueError, TypeError) as e:
            errors.append(f'{kind}: {e}')
    for e in errors:
        print(f'{path}: {e}')
    if errors:
        return 1
    print(json.dumps(doc))
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1]))
