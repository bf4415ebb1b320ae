"""Shared fixtures: a local signing key standing in for the hospital IdP, and in-memory audit storage."""
from __future__ import annotations

import time
import uuid
from contextlib import contextmanager

import jwt
import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from pumplink_gateway.audit import AuditLog, AuditRow
from pumplink_gateway.auth import TokenVerifier

ISSUER = "https://idp.example-hospital.org/realms/clinical"
AUDIENCE = "pumplink-gateway"
T0 = 1767225600.0  # 2026-01-01T00:00:00Z


class FakeClock:
    def __init__(self, now: float = T0) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


class MemoryAuditStore:
    def __init__(self) -> None:
        self.rows: list[AuditRow] = []

    @contextmanager
    def locked(self):
        yield

    def last_hash(self):
        return self.rows[-1].row_hash if self.rows else None

    def append(self, event, prev_hash, row_hash) -> int:
        self.rows.append(AuditRow(len(self.rows) + 1, event, prev_hash, row_hash))
        return len(self.rows)


class RecordingSiem:
    def __init__(self) -> None:
        self.events = []

    def forward(self, event) -> None:
        self.events.append(event)


@pytest.fixture(scope="session")
def signing_key():
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture
def make_token(signing_key):
    def _make(**overrides) -> str:
        now = int(time.time())
        claims = {
            "iss": ISSUER,
            "aud": AUDIENCE,
            "sub": "u-4711",
            "sid": str(uuid.uuid4()),
            "name": "Dana Whitfield, RN",
            "iat": now,
            "exp": now + 600,
            "auth_time": now - 60,
            "amr": ["pwd", "mfa"],
            "roles": ["clinician"],
            "care_units": ["4W-ONC"],
        }
        claims.update(overrides)
        return jwt.encode({k: v for k, v in claims.items() if v is not None}, signing_key, algorithm="RS256")

    return _make


@pytest.fixture
def verifier(signing_key):
    return TokenVerifier(ISSUER, AUDIENCE, lambda token: signing_key.public_key())


@pytest.fixture
def clock():
    return FakeClock()


@pytest.fixture
def audit_store():
    return MemoryAuditStore()


@pytest.fixture
def siem():
    return RecordingSiem()


@pytest.fixture
def audit(audit_store, siem, clock):
    return AuditLog(audit_store, siem, clock=clock)
