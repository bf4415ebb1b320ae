# Remote infusion orders: from a clinician's approval to the authenticated envelope on the wire.
#
# @implements SR-2
#
# Sequence numbers come from the database, in the same transaction that records the order, so a
# restarted gateway never reuses one; the pump enforces the other half of the replay rule (SR-3).
from __future__ import annotations

import hashlib
import hmac
import json
import struct
import time
from contextlib import AbstractContextManager
from dataclasses import asdict, dataclass
from typing import Callable, Protocol

from fastapi import APIRouter, Depends, HTTPException, Request
from pydantic import BaseModel, Field

from .audit import AuditLog
from .auth import AuthError, Principal, authorize_programming, current_principal

ENVELOPE_HEADER = struct.Struct(">16sQIH")  # must match DOSE_HEADER_LEN in firmware dose_cmd.h
MAX_BODY = 512
TAG_LEN = 32


def build_envelope(serial: str, seq: int, issued_at: int, body: bytes, key: bytes) -> bytes:
    raw_serial = serial.encode("ascii")
    if not 0 < len(raw_serial) <= 16:
        raise ValueError("pump serial must be 1-16 ASCII characters")
    if len(body) > MAX_BODY:
        raise ValueError(f"order body exceeds {MAX_BODY} bytes")
    signed = ENVELOPE_HEADER.pack(raw_serial.ljust(16, b"\0"), seq, issued_at, len(body)) + body
    return signed + hmac.new(key, signed, hashlib.sha256).digest()


@dataclass(frozen=True)
class InfusionOrder:
    mrn: str
    drug_id: str
    concentration: str
    rate_ml_h: float
    vtbi_ml: float

    def body(self) -> bytes:
        return json.dumps(asdict(self), separators=(",", ":"), sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class DrugLimits:
    soft_max_rate_ml_h: float
    hard_max_rate_ml_h: float


@dataclass(frozen=True)
class PumpRecord:
    serial: str
    care_unit: str
    online: bool


class OrderRejected(Exception):
    pass


class OrderTransaction(Protocol):
    def next_sequence(self, serial: str) -> int: ...
    def record_order(self, serial: str, seq: int, subject: str, order: InfusionOrder) -> None: ...


class PumpStore(Protocol):
    def pump(self, serial: str) -> PumpRecord | None: ...
    def transaction(self) -> AbstractContextManager[OrderTransaction]: ...


class KeyStore(Protocol):
    def envelope_key(self, serial: str) -> bytes: ...


class DrugLibrary(Protocol):
    def limits(self, drug_id: str) -> DrugLimits | None: ...


class PumpChannel(Protocol):
    def send(self, serial: str, envelope: bytes) -> None: ...


class DoseService:
    def __init__(self, store: PumpStore, keys: KeyStore, library: DrugLibrary, channel: PumpChannel,
                 audit: AuditLog, clock: Callable[[], float] = time.time) -> None:
        self._store = store
        self._keys = keys
        self._library = library
        self._channel = channel
        self._audit = audit
        self._clock = clock

    def submit(self, principal: Principal, serial: str, order: InfusionOrder) -> int:
        pump = self._store.pump(serial)
        if pump is None or not pump.online:
            raise OrderRejected("pump is unknown or offline; program it at the bedside")
        try:
            authorize_programming(principal, pump.care_unit, self._clock())
        except AuthError as exc:
            self._audit.security_event("authz.denied", actor=principal.subject, target=serial,
                                       detail={"reason": exc.reason})
            raise

        limits = self._library.limits(order.drug_id)
        if limits is None:
            raise OrderRejected("drug is not in the active drug library")
        if order.rate_ml_h > limits.hard_max_rate_ml_h:
            raise OrderRejected("rate exceeds the drug library hard limit")

        with self._store.transaction() as tx:
            seq = tx.next_sequence(serial)
            envelope = build_envelope(serial, seq, int(self._clock()), order.body(), self._keys.envelope_key(serial))
            tx.record_order(serial, seq, principal.subject, order)
        self._audit.action("order.sent", actor=principal.subject, target=serial, seq=seq, drug=order.drug_id,
                           rate_ml_h=order.rate_ml_h)
        self._channel.send(serial, envelope)
        return seq


class OrderIn(BaseModel):
    mrn: str = Field(pattern=r"^\d{6,10}$")
    drug_id: str
    concentration: str
    rate_ml_h: float = Field(gt=0, le=999)
    vtbi_ml: float = Field(gt=0, le=9999)


router = APIRouter()


def dose_service(request: Request) -> DoseService:
    return request.app.state.dose_service


@router.post("/api/pumps/{serial}/orders", status_code=202)
def submit_order(serial: str, order: OrderIn, principal: Principal = Depends(current_principal),
                 service: DoseService = Depends(dose_service)) -> dict:
    try:
        seq = service.submit(principal, serial, InfusionOrder(**order.model_dump()))
    except AuthError as exc:
        raise HTTPException(status_code=exc.status_code, detail=exc.reason) from exc
    except OrderRejected as exc:
        raise HTTPException(status_code=409, detail=str(exc)) from exc
    return {"serial": serial, "sequence": seq, "status": "sent"}
