# Gateway audit trail: append-only, hash-chained rows in the audit_event table (db/audit_schema.sql).
#
# Each row stores the SHA-256 of the previous row's hash and its own canonical JSON, so verify_chain()
# finds the first edited or missing row. The database role the gateway uses can only INSERT and
# SELECT; UPDATE and DELETE are refused by a trigger as well.
#
# @implements SR-12
from __future__ import annotations

import hashlib
import json
import time
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass, field
from typing import Any, Iterable, Iterator, Protocol

GENESIS_HASH = "0" * 64
AUDIT_LOCK_KEY = 0x504C_4155  # pg_advisory_xact_lock key serialising appends


@dataclass(frozen=True)
class AuditEvent:
    occurred_at: float
    actor: str
    action: str
    target: str = ""
    outcome: str = "ok"
    detail: dict[str, Any] = field(default_factory=dict)

    def canonical(self) -> bytes:
        return json.dumps(
            {
                "occurred_at": round(self.occurred_at, 3),
                "actor": self.actor,
                "action": self.action,
                "target": self.target,
                "outcome": self.outcome,
                "detail": self.detail,
            },
            sort_keys=True,
            separators=(",", ":"),
        ).encode("utf-8")


def chain_hash(prev_hash: str, event: AuditEvent) -> str:
    return hashlib.sha256(prev_hash.encode("ascii") + event.canonical()).hexdigest()


@dataclass(frozen=True)
class AuditRow:
    id: int
    event: AuditEvent
    prev_hash: str
    row_hash: str


class AuditStore(Protocol):
    def locked(self) -> AbstractContextManager[None]: ...
    def last_hash(self) -> str | None: ...
    def append(self, event: AuditEvent, prev_hash: str, row_hash: str) -> int: ...
    def rows(self) -> Iterable[AuditRow]: ...


class SecurityEventSink(Protocol):
    def forward(self, event: AuditEvent) -> None: ...


class AuditLog:
    def __init__(self, store: AuditStore, siem: SecurityEventSink | None = None, clock=time.time) -> None:
        self._store = store
        self._siem = siem
        self._clock = clock

    def record(self, event: AuditEvent) -> str:
        with self._store.locked():
            prev = self._store.last_hash() or GENESIS_HASH
            row_hash = chain_hash(prev, event)
            self._store.append(event, prev, row_hash)
        return row_hash

    def action(self, action: str, *, actor: str, target: str = "", outcome: str = "ok", **detail: Any) -> str:
        return self.record(AuditEvent(self._clock(), actor, action, target, outcome, detail))

    def security_event(self, action: str, *, actor: str, target: str = "", detail: dict | None = None) -> str:
        event = AuditEvent(self._clock(), actor, action, target, "denied", detail or {})
        row_hash = self.record(event)
        if self._siem is not None:
            self._siem.forward(event)
        return row_hash


def verify_chain(rows: Iterable[AuditRow]) -> int | None:
    """Returns the id of the first row that breaks the chain, or None when the chain is intact."""
    expected_prev = GENESIS_HASH
    for row in rows:
        if row.prev_hash != expected_prev or chain_hash(row.prev_hash, row.event) != row.row_hash:
            return row.id
        expected_prev = row.row_hash
    return None


class PgAuditStore:
    """AuditStore on PostgreSQL through psycopg 3; one transaction per append."""

    def __init__(self, conn) -> None:
        self._conn = conn

    @contextmanager
    def locked(self) -> Iterator[None]:
        with self._conn.transaction():
            self._conn.execute("SELECT pg_advisory_xact_lock(%s)", (AUDIT_LOCK_KEY,))
            yield

    def last_hash(self) -> str | None:
        row = self._conn.execute("SELECT row_hash FROM audit_event ORDER BY id DESC LIMIT 1").fetchone()
        return row[0] if row else None

    def append(self, event: AuditEvent, prev_hash: str, row_hash: str) -> int:
        row = self._conn.execute(
            "INSERT INTO audit_event (occurred_at, actor, action, target, outcome, detail, prev_hash, row_hash)"
            " VALUES (to_timestamp(%s), %s, %s, %s, %s, %s::jsonb, %s, %s) RETURNING id",
            (event.occurred_at, event.actor, event.action, event.target, event.outcome,
             json.dumps(event.detail), prev_hash, row_hash),
        ).fetchone()
        return row[0]

    def rows(self) -> Iterable[AuditRow]:
        cur = self._conn.execute(
            "SELECT id, extract(epoch FROM occurred_at), actor, action, target, outcome, detail,"
            " prev_hash, row_hash FROM audit_event ORDER BY id"
        )
        for id_, ts, actor, action, target, outcome, detail, prev_hash, row_hash in cur:
            yield AuditRow(id_, AuditEvent(float(ts), actor, action, target, outcome, detail), prev_hash, row_hash)
