# Clinician authentication and authorization for the gateway API.
#
# The gateway never sees a password: users sign in at the hospital's identity provider and present an
# OpenID Connect access token. Everything a token does not prove (care unit, step-up freshness, idle
# time) is checked here on every request, whatever the web app chose to show or hide.
#
# @implements SR-6, SR-7
from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from typing import Callable

import jwt
from fastapi import HTTPException, Request

PROGRAMMING_ROLES = frozenset({"clinician", "charge-nurse"})
STEP_UP_MAX_AGE_S = 5 * 60
IDLE_TIMEOUT_S = 15 * 60
ALLOWED_ALGORITHMS = ["RS256", "ES256"]


class AuthError(Exception):
    def __init__(self, reason: str, status_code: int = 401) -> None:
        super().__init__(reason)
        self.reason = reason
        self.status_code = status_code


@dataclass(frozen=True)
class Principal:
    subject: str
    session_id: str
    display_name: str
    roles: frozenset[str]
    care_units: frozenset[str]
    auth_time: int
    mfa: bool

    @property
    def can_program(self) -> bool:
        return bool(self.roles & PROGRAMMING_ROLES)


def jwks_key_resolver(jwks_url: str) -> Callable[[str], object]:
    """Resolves the signing key of a token from the identity provider's JWKS, with caching."""
    client = jwt.PyJWKClient(jwks_url, cache_keys=True, lifespan=3600)
    return lambda token: client.get_signing_key_from_jwt(token).key


class TokenVerifier:
    def __init__(self, issuer: str, audience: str, key_resolver: Callable[[str], object], leeway_s: int = 30):
        self._issuer = issuer
        self._audience = audience
        self._resolve_key = key_resolver
        self._leeway_s = leeway_s

    def verify(self, token: str) -> Principal:
        try:
            claims = jwt.decode(
                token,
                self._resolve_key(token),
                algorithms=ALLOWED_ALGORITHMS,
                audience=self._audience,
                issuer=self._issuer,
                leeway=self._leeway_s,
                options={"require": ["exp", "iat", "sub", "sid", "auth_time"]},
            )
        except jwt.PyJWTError as exc:
            raise AuthError(f"invalid token ({exc.__class__.__name__})") from exc

        principal = Principal(
            subject=claims["sub"],
            session_id=claims["sid"],
            display_name=claims.get("name", claims["sub"]),
            roles=frozenset(claims.get("roles", [])),
            care_units=frozenset(claims.get("care_units", [])),
            auth_time=int(claims["auth_time"]),
            mfa="mfa" in claims.get("amr", []),
        )
        if principal.can_program and not principal.mfa:
            raise AuthError("multi-factor authentication is required for roles that can program pumps")
        return principal


class SessionActivity:
    """Server-side idle timeout: a token that is still valid does not keep an abandoned session alive."""

    def __init__(self, idle_timeout_s: int = IDLE_TIMEOUT_S, clock: Callable[[], float] = time.monotonic):
        self._idle_timeout_s = idle_timeout_s
        self._clock = clock
        self._last_seen: dict[str, float] = {}
        self._ended: set[str] = set()
        self._lock = threading.Lock()

    def touch(self, session_id: str) -> None:
        now = self._clock()
        with self._lock:
            if session_id in self._ended:
                raise AuthError("session ended; sign in again")
            last = self._last_seen.get(session_id)
            if last is not None and now - last > self._idle_timeout_s:
                self._ended.add(session_id)
                del self._last_seen[session_id]
                raise AuthError("session expired after inactivity; sign in again")
            self._last_seen[session_id] = now

    def end(self, session_id: str) -> None:
        with self._lock:
            self._last_seen.pop(session_id, None)
            self._ended.add(session_id)


def authorize_programming(principal: Principal, pump_care_unit: str, now: float) -> None:
    """Raises unless this user may send an order to a pump of this care unit right now."""
    if not principal.can_program:
        raise AuthError("your role cannot program pumps", status_code=403)
    if pump_care_unit not in principal.care_units:
        raise AuthError("this pump is not assigned to your care unit", status_code=403)
    if now - principal.auth_time > STEP_UP_MAX_AGE_S:
        # The web app turns this into a re-authentication prompt at the identity provider.
        raise AuthError("re-authentication required before a remote dose change", status_code=401)


def current_principal(request: Request) -> Principal:
    """FastAPI dependency: the authenticated user of this request."""
    header = request.headers.get("authorization", "")
    scheme, _, token = header.partition(" ")
    if scheme.lower() != "bearer" or not token:
        raise HTTPException(status_code=401, detail="missing bearer token")
    try:
        principal = request.app.state.verifier.verify(token)
        request.app.state.sessions.touch(principal.session_id)
    except AuthError as exc:
        request.app.state.audit.security_event("login.failed", actor="unknown", detail={"reason": exc.reason})
        raise HTTPException(status_code=exc.status_code, detail=exc.reason) from exc
    return principal
