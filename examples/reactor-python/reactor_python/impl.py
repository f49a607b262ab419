"""The example's behaviour: type ``python-file`` deploys a deployment by writing a file.

Every deployment is one record ``<state dir>/<id>.json``. Its state is derived from the clock,
so nothing runs in the background and a restarted server finds every deployment as it was:
a record is DEPLOYING until its ``ready_at``, then RUNNING; after a teardown it is TEARING_DOWN
until its ``gone_at``, then it is removed (404). The event loop runs one request at a time and
the handlers never await while they read and write records, so concurrent PUTs of one id give
one deployment.
"""

import json
import os
import time
from pathlib import Path
from typing import Any, Dict, List, Optional

import jsonschema
from fastapi.responses import JSONResponse, Response

from openapi_server.apis.deployments_api_base import BaseDeploymentsApi
from openapi_server.apis.health_api_base import BaseHealthApi
from openapi_server.apis.types_api_base import BaseTypesApi
from openapi_server.models.reason_code import ReasonCode
from reactor_python.problems import ProblemError

TYPE = "python-file"
TYPE_VERSION = 1
SCHEMA = json.loads((Path(__file__).resolve().parent.parent / "schema" / f"{TYPE}.schema.json").read_text())
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


class Settings:
    """Set once by ``__main__`` before the server starts."""

    state_dir = Path(os.environ.get("REACTOR_STATE_DIR", "state"))
    deploy_delay = 0.3
    teardown_delay = 0.3


def _path(deployment_id: str) -> Path:
    return Settings.state_dir / f"{int(deployment_id)}.json"


def _load(deployment_id: str) -> Optional[Dict[str, Any]]:
    """The record, or None when there is none or its teardown has completed (then it is removed)."""
    path = _path(deployment_id)
    try:
        record = json.loads(path.read_text())
    except FileNotFoundError:
        return None
    gone_at = record.get("gone_at")
    if gone_at is not None and time.time() >= gone_at:
        path.unlink(missing_ok=True)
        (Settings.state_dir / f"{int(deployment_id)}.content").unlink(missing_ok=True)
        return None
    return record


def _save(record: Dict[str, Any]) -> None:
    path = _path(record["id"])
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(record))
    os.replace(tmp, path)


def _status(record: Dict[str, Any]) -> Dict[str, Any]:
    now = time.time()
    if record.get("gone_at") is not None:
        state = "TEARING_DOWN"
    elif now >= record["ready_at"]:
        state = "RUNNING"
    else:
        state = "DEPLOYING"
    content = Settings.state_dir / f"{int(record['id'])}.content"
    endpoints = [{"name": "file", "uri": content.resolve().as_uri()}] if state == "RUNNING" else []
    return {"id": record["id"], "type": TYPE, "state": state, "message": "", "endpoints": endpoints}


def _check(descriptor: Dict[str, Any]) -> None:
    errors = sorted(VALIDATOR.iter_errors(descriptor), key=lambda e: [str(p) for p in e.absolute_path])
    if errors:
        violations = ["/" + "/".join(str(p) for p in e.absolute_path) + ": " + e.message for e in errors]
        raise ProblemError(422, "Descriptor does not match the schema", code=ReasonCode.SCHEMA_INVALID,
                           violations=violations)
    if descriptor.get("forbidden") is True:
        raise ProblemError(422, "Refused by the provider's policy", code=ReasonCode.POLICY_VIOLATION,
                           violations=["/forbidden: the provider does not allow forbidden deployments"])


class Types(BaseTypesApi):
    async def list_types(self):
        return {"types": [{"id": TYPE, "version": TYPE_VERSION, "schema": SCHEMA}]}


class Health(BaseHealthApi):
    async def get_health(self):
        writable = os.access(Settings.state_dir, os.W_OK)
        return JSONResponse({"status": "UP" if writable else "DOWN"}, status_code=200 if writable else 503)


class Deployments(BaseDeploymentsApi):
    """Answers JSONResponses: the generated response models would write absent optional members
    as null ("reason": null), which the document does not allow."""

    async def list_deployments(self):
        found = []
        for f in sorted(Settings.state_dir.glob("*.json")):
            record = _load(f.stem)
            if record is not None:
                found.append(_status(record))
        return JSONResponse({"deployments": found})

    async def get_deployment(self, id):
        record = _load(id)
        if record is None:
            raise ProblemError(404, "Not Found", f"no deployment {id}")
        return JSONResponse(_status(record))

    async def deploy_deployment(self, id, deployment_request):
        if deployment_request is None:
            raise ProblemError(400, "Bad Request", "a DeploymentRequest body is required")
        if deployment_request.type != TYPE:
            raise ProblemError(422, "Unknown type", f"this reactor serves {TYPE}", code=ReasonCode.UNKNOWN_TYPE,
                               violations=[f"/type: {deployment_request.type} is not served"])
        record = _load(id)
        if record is not None:
            if record.get("gone_at") is not None:
                raise ProblemError(409, "Conflict", f"deployment {id} is being torn down")
            if record["cid"] != deployment_request.descriptor_cid:
                raise ProblemError(409, "Conflict", f"deployment {id} exists with descriptor {record['cid']}")
            status = _status(record)
            return JSONResponse(status, status_code=200 if status["state"] == "RUNNING" else 202)
        _check(deployment_request.descriptor)
        # surrogatepass: a JSON string may hold a lone surrogate (\ud800), which strict UTF-8 refuses
        content = deployment_request.descriptor["content"].encode("utf-8", "surrogatepass")
        (Settings.state_dir / f"{int(id)}.content").write_bytes(content)
        record = {"id": str(int(id)), "cid": deployment_request.descriptor_cid,
                  "descriptor": deployment_request.descriptor,
                  "consumer": deployment_request.consumer.to_dict() if deployment_request.consumer else {},
                  "ready_at": time.time() + Settings.deploy_delay}
        _save(record)
        status = _status(record)
        return JSONResponse(status, status_code=201 if status["state"] == "RUNNING" else 202)

    async def teardown_deployment(self, id):
        record = _load(id)
        if record is None:
            return Response(status_code=204)
        if record.get("gone_at") is None:
            record["gone_at"] = time.time() + Settings.teardown_delay
            _save(record)
        if Settings.teardown_delay <= 0:
            _load(id)
            return Response(status_code=204)
        return JSONResponse(_status(record), status_code=202)
