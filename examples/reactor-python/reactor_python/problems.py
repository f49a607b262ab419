"""Every error answered as an RFC 9457 problem document (``application/problem+json``).

``instance`` is the request's path percent-encoded, so that it is a URI reference whatever
characters the path held; bodies are written in ASCII (``\\u`` escapes), so that no string a
client sent (a lone surrogate, say) can make an answer fail to encode.
"""

import json
from http import HTTPStatus
from typing import Any, Dict, List, Optional
from urllib.parse import quote

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException
from starlette.routing import Match

PROBLEM = "application/problem+json"
# RFC 3986 pchar minus the unreserved characters that quote() keeps anyway
PATH_SAFE = "/!$&'()*+,;=:@"


class ProblemError(Exception):
    """Raised by the implementation; answered as a problem document."""

    def __init__(self, status: int, title: str, detail: str = "", code: Optional[int] = None,
                 violations: Optional[List[str]] = None):
        super().__init__(title)
        self.status, self.title, self.detail, self.code, self.violations = status, title, detail, code, violations


class ProblemResponse(JSONResponse):
    media_type = PROBLEM

    def render(self, content: Any) -> bytes:
        return json.dumps(content, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def instance(request: Request) -> str:
    """The request's (decoded) path as a URI reference: every byte outside RFC 3986's pchar
    percent-encoded, in UTF-8. The path is the scope's, which is the whole path also in the
    app mounted under /v1 (``request.url.path`` would end at a decoded ``?`` or ``#``)."""
    return quote(request.scope["path"].encode("utf-8", "surrogatepass"), safe=PATH_SAFE)


def problem(request: Request, e: ProblemError, headers: Optional[Dict[str, str]] = None) -> ProblemResponse:
    doc: Dict[str, Any] = {"type": "about:blank", "title": e.title, "status": e.status, "instance": instance(request)}
    if e.detail:
        doc["detail"] = e.detail
    if e.code is not None:
        doc["code"] = int(e.code)
    if e.violations is not None:
        doc["violations"] = e.violations
    if e.status == 401:
        headers = {**(headers or {}), "WWW-Authenticate": "Bearer"}
    return ProblemResponse(doc, status_code=e.status, headers=headers)


def allowed_methods(request: Request) -> str:
    """Every method of the routes matching the path. Starlette's 405 names only those of the
    first route that matched, but GET, PUT and DELETE of one path are separate routes."""
    methods = set()
    for route in request.app.router.routes:
        match, _ = route.matches(request.scope)
        if match != Match.NONE and getattr(route, "methods", None):
            methods |= route.methods
    return ", ".join(sorted(methods))


def install(app: FastAPI) -> None:
    """Answers the implementation's, the stubs' and the framework's errors as problems."""

    @app.exception_handler(ProblemError)
    async def raised(request: Request, e: ProblemError):
        return problem(request, e)

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, e: RequestValidationError):
        violations = ["/" + "/".join(str(p) for p in err.get("loc", ())) + ": " + err.get("msg", "")
                      for err in e.errors()]
        return problem(request, ProblemError(400, "Bad Request", violations=violations))

    @app.exception_handler(HTTPException)
    async def http(request: Request, e: HTTPException):
        headers = dict(e.headers or {})
        if e.status_code == 405:
            headers["Allow"] = allowed_methods(request)
        title = HTTPStatus(e.status_code).phrase
        detail = e.detail if isinstance(e.detail, str) and e.detail != title else ""
        return problem(request, ProblemError(e.status_code, title, detail), headers)
