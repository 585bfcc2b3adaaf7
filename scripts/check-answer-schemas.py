#!/usr/bin/env python3
"""Checks captured answers against the response schemas of openapi.yaml.

    python3 scripts/check-answer-schemas.py openapi.yaml answers.json

`answers.json` is a list of captured answers, each
`{"method": "GET", "path": "/v1/talents/{talentId}/events", "status": 200, "body": <the parsed JSON>}`,
`path` being the document's path template. Each body is validated against the schema the document
gives for that operation and status (a `$ref` to a shared response followed, then the JSON media type's
schema), as OpenAPI 3.1 reads it (JSON Schema 2020-12 with the OpenAPI vocabulary), formats checked
(`date`, `date-time`, `uuid`, `int64`, …). One line per failure: the operation, the status, the JSON
pointer in the body and the message. Exit status 1 on any failure (an answer whose operation or status
the document does not give is one), 0 otherwise. Reads nothing but the two files.
"""

import json
import sys

import yaml
from jsonschema.exceptions import best_match
from openapi_schema_validator import OAS31Validator, oas31_format_checker
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012

DOCUMENT_URI = "urn:talentledger:openapi"
METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def pointer_token(text):
    return str(text).replace("~", "~0").replace("/", "~1")


def pointer(parts):
    return "".join("/" + pointer_token(part) for part in parts) or "/"


def resolve(document, node):
    """`node` with local `$ref`s followed (for the document's own objects: responses, media types)."""
    seen = set()
    while isinstance(node, dict) and "$ref" in node:
        ref = node["$ref"]
        if not ref.startswith("#/") or ref in seen:
            raise LookupError(f"cannot follow $ref {ref}")
        seen.add(ref)
        node = document
        for token in ref[2:].split("/"):
            token = token.replace("~1", "/").replace("~0", "~")
            node = node[token]
    return node


def json_media_type(content):
    """The JSON media type of a response's content: application/json first, then any …/…+json."""
    if "application/json" in content:
        return "application/json"
    for media in content:
        base = media.split(";")[0].strip().lower()
        if base.endswith("/json") or base.endswith("+json"):
            return media
    return None


def schema_location(document, method, path, status):
    """The JSON pointer (in the document) of the schema of an answer, or a reason why there is none."""
    item = document.get("paths", {}).get(path)
    if item is None:
        return None, f"no path {path} in the document"
    item = resolve(document, item)
    operation = item.get(method.lower()) if method.lower() in METHODS else None
    if operation is None:
        return None, f"no operation {method.upper()} {path} in the document"
    responses = operation.get("responses", {})
    code = str(status)
    key = next((k for k in (code, code[0] + "XX", code[0] + "xx", "default") if k in responses), None)
    if key is None:
        return None, f"{method.upper()} {path} documents no response {status}"
    response = responses[key]
    location = ["paths", path, method.lower(), "responses", key]
    # A shared response: its schema lives where the reference points.
    while isinstance(response, dict) and "$ref" in response:
        ref = response["$ref"]
        if not ref.startswith("#/"):
            return None, f"cannot follow $ref {ref}"
        location = [t.replace("~1", "/").replace("~0", "~") for t in ref[2:].split("/")]
        response = resolve(document, response)
    content = response.get("content")
    if not content:
        return None, None  # no body documented (a 204)
    media = json_media_type(content)
    if media is None:
        return None, f"{method.upper()} {path} {status} documents no JSON body (only {', '.join(content)})"
    if "schema" not in resolve(document, content[media]):
        return None, None
    return pointer(location + ["content", media, "schema"]), None


def failures_of(error):
    """The errors to print for one failure: the deepest ones of a oneOf/anyOf, where they say more."""
    if error.context:
        best = best_match(error.context)
        if best is not None and best.context:
            return failures_of(best)
        if best is not None:
            return [best]
    return [error]


def main(argv):
    if len(argv) != 3:
        print(f"usage: {argv[0]} openapi.yaml answers.json", file=sys.stderr)
        return 2
    with open(argv[1], encoding="utf-8") as file:
        document = yaml.safe_load(file)
    with open(argv[2], encoding="utf-8") as file:
        answers = json.load(file)
    if not isinstance(answers, list):
        print(f"{argv[2]}: a JSON list of answers expected", file=sys.stderr)
        return 2

    resource = Resource.from_contents(document, default_specification=DRAFT202012)
    registry = Registry().with_resource(DOCUMENT_URI, resource)
    validators = {}
    failed = 0
    for index, answer in enumerate(answers):
        try:
            method, path, status = answer["method"], answer["path"], int(answer["status"])
        except (KeyError, TypeError, ValueError):
            print(f"answer #{index}: needs method, path, status and body")
            failed += 1
            continue
        body = answer.get("body")
        label = f"{method.upper()} {path} {status}"
        try:
            location, problem = schema_location(document, method, path, status)
        except (LookupError, KeyError, TypeError) as error:
            location, problem = None, f"cannot read the document: {error}"
        if problem:
            print(f"{label} /: {problem}")
            failed += 1
            continue
        if location is None:
            if body not in (None, "", {}):
                print(f"{label} /: a body where the document gives none")
                failed += 1
            continue
        validator = validators.get(location)
        if validator is None:
            validator = OAS31Validator(
                {"$ref": f"{DOCUMENT_URI}#{location}"}, registry=registry, format_checker=oas31_format_checker)
            validators[location] = validator
        errors = sorted(validator.iter_errors(body), key=lambda e: list(map(str, e.absolute_path)))
        if errors:
            failed += 1
        for error in errors:
            for leaf in failures_of(error):
                message = leaf.message
                if len(message) > 300:  # a long instance quoted: its start and what is wrong with it
                    message = message[:140] + " … " + message[-140:]
                print(f"{label} {pointer(leaf.absolute_path)}: {message}")
    checked = len(answers)
    print(f"{checked - failed} of {checked} answers match the document", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
