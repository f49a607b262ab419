"""Checks request bodies against the Chain Reactor API document itself.

The generated models are close to the document but not exact: they ignore members the
document forbids (``additionalProperties: false``), refuse integers written as ``5.0`` (JSON
Schema integers), and Python's ``$`` also matches before a final newline. So the body of
``PUT /v1/deployments/{id}`` is validated here, with ``jsonschema``, against the document's
``DeploymentRequest``: a body the document forbids is answered 400 with every violation, a body
it allows reaches the generated router in the form its models take.
"""

import functools
import json
import re
from pathlib import Path
from typing import Any, Callable, List, Tuple

import jsonschema
import yaml
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT202012
from starlette.datastructures import Headers
from starlette.requests import Request

from reactor_python.problems import ProblemError, problem

DOCUMENT = Path(__file__).resolve().parents[3] / "api" / "chain-reactor-api.yaml"
DOCUMENT_URI = "urn:dinfra:chain-reactor-api"
DEPLOYMENT_PATH = re.compile(r"/v1/deployments/[^/]+")


@functools.lru_cache(maxsize=None)
def _ecma(pattern: str) -> "re.Pattern[str]":
    # The document's patterns end with $, which ECMA-262 (JSON Schema's dialect) matches only at
    # the very end; Python's \Z does that, its $ also matches before a final newline.
    return re.compile(pattern[:-1] + r"\Z" if pattern.endswith("$") and not pattern.endswith(r"\$") else pattern)


def _pattern(validator, pattern, instance, schema):
    if validator.is_type(instance, "string") and not _ecma(pattern).search(instance):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, {"pattern": _pattern})


def request_validator(document: Path = DOCUMENT, schema: str = "DeploymentRequest"):
    """A validator of the document's ``#/components/schemas/<schema>``."""
    contents = yaml.safe_load(document.read_text(encoding="utf-8"))
    registry = Registry().with_resource(DOCUMENT_URI, Resource.from_contents(contents, DRAFT202012))
    return Validator({"$ref": f"{DOCUMENT_URI}#/components/schemas/{schema}"}, registry=registry)


def _not_json(constant: str) -> Any:
    raise ValueError(f"{constant} is not JSON")


def check(validator, body: bytes, content_type: str) -> Tuple[int, List[str], bytes]:
    """The status (0 when it may pass), the violations, and the body to pass on."""
    media = content_type.split(";")[0].strip().lower()
    if media and media != "application/json" and not media.endswith("+json"):
        return 415, [f"Content-Type {content_type} is not application/json"], body
    try:
        doc = json.loads(body.decode("utf-8"), parse_constant=_not_json)
    except ValueError as e:  # also UnicodeDecodeError: JSON travels in UTF-8
        return 400, [f"/: the body is not JSON: {e}"], body
    errors = sorted(validator.iter_errors(doc), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        return 400, ["/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message for e in errors], body
    terms = doc.get("terms")
    if isinstance(terms, dict) and isinstance(terms.get("endBlock"), float):
        terms["endBlock"] = int(terms["endBlock"])  # 5.0 is a JSON Schema integer; pydantic wants 5
        body = json.dumps(doc).encode("ascii")
    return 0, [], body


class DeploymentRequestCheck:
    """ASGI middleware checking the body of ``PUT /v1/deployments/{id}``. Calls without the right
    token pass untouched, so that the router answers them 401 before looking at any body."""

    def __init__(self, app, validator, authorized: Callable[[str], bool]):
        self.app, self.validator, self.authorized = app, validator, authorized

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "PUT" or not DEPLOYMENT_PATH.fullmatch(scope["path"]):
            return await self.app(scope, receive, send)
        headers = Headers(scope=scope)
        if not self.authorized(headers.get("authorization", "")):
            return await self.app(scope, receive, send)
        chunks = []
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            chunks.append(message.get("body", b""))
            if not message.get("more_body", False):
                break
        status, violations, body = check(self.validator, b"".join(chunks), headers.get("content-type", ""))
        if status:
            title = "Unsupported Media Type" if status == 415 else "Bad Request"
            e = ProblemError(status, title, "the body is not a DeploymentRequest", violations=violations)
            return await problem(Request(scope), e)(scope, receive, send)
        replayed = False

        async def replay():
            nonlocal replayed
            if replayed:
                return await receive()
            replayed = True
            return {"type": "http.request", "body": body, "more_body": False}

        await self.app(scope, replay, send)
