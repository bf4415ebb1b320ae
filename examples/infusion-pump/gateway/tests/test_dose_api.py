# Tests for the gateway side of remote dose orders: envelope format, sequencing, limits, audit.
import hashlib
import hmac
from contextlib import contextmanager
from types import SimpleNamespace

import pytest

from pumplink_gateway.auth import AuthError, Principal
from pumplink_gateway.dose_api import (
    ENVELOPE_HEADER,
    MAX_BODY,
    TAG_LEN,
    DoseService,
    DrugLimits,
    InfusionOrder,
    OrderRejected,
    PumpRecord,
    build_envelope,
)

KEY = bytes(range(32))
PUMP = "LVP300-0042917"
ORDER = InfusionOrder(mrn="00482913", drug_id="heparin-25k", concentration="100 units/mL", rate_ml_h=12.5,
                      vtbi_ml=250)


class FakeStore:
    def __init__(self):
        self.pumps = {PUMP: PumpRecord(PUMP, "4W-ONC", True), "LVP300-0051203": PumpRecord("LVP300-0051203", "ICU-2", True)}
        self.sequences = {}
        self.orders = []

    def pump(self, serial):
        return self.pumps.get(serial)

    @contextmanager
    def transaction(self):
        yield self

    def next_sequence(self, serial):
        self.sequences[serial] = self.sequences.get(serial, 0) + 1
        return self.sequences[serial]

    def record_order(self, serial, seq, subject, order):
        self.orders.append((serial, seq, subject, order))


class FakeChannel:
    def __init__(self):
        self.sent = []

    def send(self, serial, envelope):
        self.sent.append((serial, envelope))


@pytest.fixture
def env(audit, audit_store, clock):
    store, channel = FakeStore(), FakeChannel()
    keys = SimpleNamespace(envelope_key=lambda serial: KEY)
    library = SimpleNamespace(limits={"heparin-25k": DrugLimits(25.0, 40.0)}.get)
    service = DoseService(store, keys, library, channel, audit, clock=clock)
    return SimpleNamespace(service=service, store=store, channel=channel, audit_store=audit_store, clock=clock)


def clinician(now, roles=("clinician",)):
    return Principal("u-4711", "s-1", "Dana Whitfield, RN", frozenset(roles), frozenset({"4W-ONC"}),
                     int(now) - 30, mfa=True)


# @verifies SR-2
def test_envelope_layout_matches_firmware():
    envelope = build_envelope(PUMP, 7, 1767225600, b"{}", KEY)
    serial, seq, issued_at, body_len = ENVELOPE_HEADER.unpack_from(envelope)
    assert ENVELOPE_HEADER.size == 30  # DOSE_HEADER_LEN in firmware/include/pumplink/dose_cmd.h
    assert serial.rstrip(b"\0") == PUMP.encode()
    assert (seq, issued_at, body_len) == (7, 1767225600, 2)
    assert len(envelope) == 30 + 2 + TAG_LEN


# @verifies SR-2
def test_tag_is_hmac_sha256_over_header_and_body():
    envelope = build_envelope(PUMP, 7, 1767225600, ORDER.body(), KEY)
    signed, tag = envelope[:-TAG_LEN], envelope[-TAG_LEN:]
    assert hmac.compare_digest(tag, hmac.new(KEY, signed, hashlib.sha256).digest())


# @verifies SR-2
def test_oversized_body_is_refused():
    with pytest.raises(ValueError, match="exceeds"):
        build_envelope(PUMP, 1, 1767225600, b"x" * (MAX_BODY + 1), KEY)


# @verifies SR-3
def test_sequence_numbers_increase_per_pump(env):
    user = clinician(env.clock())
    assert [env.service.submit(user, PUMP, ORDER) for _ in range(3)] == [1, 2, 3]
    sequences = [ENVELOPE_HEADER.unpack_from(e)[1] for _, e in env.channel.sent]
    assert sequences == [1, 2, 3]


def test_sent_order_is_audited(env):
    env.service.submit(clinician(env.clock()), PUMP, ORDER)
    last = env.audit_store.rows[-1].event
    assert (last.action, last.actor, last.target) == ("order.sent", "u-4711", PUMP)
    assert "mrn" not in last.detail


# @verifies SR-99
def test_rate_above_hard_limit_is_refused(env):
    too_fast = InfusionOrder(**{**ORDER.__dict__, "rate_ml_h": 41.0})
    with pytest.raises(OrderRejected, match="hard limit"):
        env.service.submit(clinician(env.clock()), PUMP, too_fast)
    assert env.channel.sent == []


# @verifies SR-7
def test_denied_order_is_recorded_as_security_event(env, siem):
    with pytest.raises(AuthError):
        env.service.submit(clinician(env.clock(), roles=("viewer",)), PUMP, ORDER)
    assert env.channel.sent == []
    assert [e.action for e in siem.events] == ["authz.denied"]


def test_offline_pump_is_refused_with_bedside_hint(env):
    env.store.pumps[PUMP] = PumpRecord(PUMP, "4W-ONC", False)
    with pytest.raises(OrderRejected, match="bedside"):
        env.service.submit(clinician(env.clock()), PUMP, ORDER)
