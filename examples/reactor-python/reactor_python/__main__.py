"""Starts the example reactor: ``python -m reactor_python --port 8081 --token-file F --state-dir D``.

The generated package ``openapi_server`` (api/chain-reactor-api.yaml, python-fastapi) must be on
PYTHONPATH; run.sh generates it and sets that up.
"""

import argparse
import hmac
import os
from pathlib import Path

import uvicorn
from fastapi import Depends, FastAPI
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from reactor_python import contract, impl, problems  # impl registers the implementations with the routers
from openapi_server.main import app as generated_app
from openapi_server.security_api import get_token_bearerAuth
from openapi_server.models.extra_models import TokenModel


def build_app(token: str, state_dir: Path, deploy_delay: float, teardown_delay: float,
              document: Path = contract.DOCUMENT):
    impl.Settings.state_dir = state_dir
    impl.Settings.deploy_delay = deploy_delay
    impl.Settings.teardown_delay = teardown_delay
    state_dir.mkdir(parents=True, exist_ok=True)
    app = generated_app
    bearer = HTTPBearer(auto_error=False)

    def token_matches(credentials: str) -> bool:
        return hmac.compare_digest(credentials.encode("utf-8", "surrogatepass"), token.encode())

    def check_token(credentials: HTTPAuthorizationCredentials = Depends(bearer)) -> TokenModel:
        if credentials is None or not token_matches(credentials.credentials):
            raise problems.ProblemError(401, "Unauthorized", "a valid bearer token is required")
        return TokenModel(sub="agent")

    def authorized(header: str) -> bool:
        scheme, _, credentials = header.partition(" ")  # as HTTPBearer reads it
        return scheme.lower() == "bearer" and token_matches(credentials)

    app.dependency_overrides[get_token_bearerAuth] = check_token
    problems.install(app)

    # The API is served under its version prefix /v1.
    root = FastAPI(title=app.title, version=app.version)
    problems.install(root)
    root.mount("/v1", app)
    root.add_middleware(contract.DeploymentRequestCheck, validator=contract.request_validator(document),
                        authorized=authorized)
    return root


def watch_parent():
    """Exits when the parent process ends (this process is then re-parented): a test JVM that is
    halted cannot stop its children, so they stop themselves."""
    import threading
    import time
    parent = os.getppid()

    def watch():
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def main():
    parser = argparse.ArgumentParser(prog="reactor_python")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8081)
    parser.add_argument("--token-file", help="first line: the bearer token (else $DINFRA_REACTOR_TOKEN)")
    parser.add_argument("--state-dir", default=os.path.expanduser("~/.cache/dinfra/reactor-python-state"))
    parser.add_argument("--deploy-delay", type=float, default=0.3, help="seconds a deploy stays DEPLOYING")
    parser.add_argument("--teardown-delay", type=float, default=0.3, help="seconds a teardown stays TEARING_DOWN")
    parser.add_argument("--api-document", default=str(contract.DOCUMENT),
                        help="the Chain Reactor API document that request bodies are checked against")
    parser.add_argument("--exit-with-parent", action="store_true",
                        help="exit when the process that started this one ends (for tests)")
    args = parser.parse_args()
    if args.exit_with_parent:
        watch_parent()
    token = Path(args.token_file).read_text().splitlines()[0].strip() if args.token_file else os.environ.get(
        "DINFRA_REACTOR_TOKEN", "")
    if not token:
        parser.error("a token is required: --token-file or $DINFRA_REACTOR_TOKEN")
    app = build_app(token, Path(args.state_dir), args.deploy_delay, args.teardown_delay, Path(args.api_document))
    uvicorn.run(app, host=args.host, port=args.port, log_level="warning")


if __name__ == "__main__":
    main()
