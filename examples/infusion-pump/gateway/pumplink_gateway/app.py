"""Application factory: wires configuration, security middleware and routes."""
from __future__ import annotations

import os

from fastapi import FastAPI

from . import __version__, logging_filters
from .audit import AuditLog
from .auth import SessionActivity, TokenVerifier, jwks_key_resolver
from .dose_api import DoseService, router as dose_router
from .rate_limit import RateLimiter, RateLimitMiddleware


def create_app(*, audit: AuditLog, dose_service: DoseService, verifier: TokenVerifier | None = None) -> FastAPI:
    logging_filters.install(bytes.fromhex(os.environ["PUMPLINK_LOG_PSEUDONYM_KEY"]))

    app = FastAPI(title="PumpLink Gateway", version=__version__, docs_url=None, redoc_url=None)
    app.state.audit = audit
    app.state.dose_service = dose_service
    app.state.sessions = SessionActivity()
    app.state.verifier = verifier or TokenVerifier(
        issuer=os.environ["PUMPLINK_OIDC_ISSUER"],
        audience=os.environ.get("PUMPLINK_OIDC_AUDIENCE", "pumplink-gateway"),
        key_resolver=jwks_key_resolver(os.environ["PUMPLINK_OIDC_JWKS_URL"]),
    )
    app.include_router(dose_router)
    app.add_middleware(
        RateLimitMiddleware,
        per_address=RateLimiter(capacity=120, refill_per_s=20),
        per_token=RateLimiter(capacity=60, refill_per_s=5),
        on_trip=lambda address, path: audit.security_event("ratelimit.tripped", actor=address, target=path),
    )
    return app
