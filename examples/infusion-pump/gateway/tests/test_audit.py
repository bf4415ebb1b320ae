# Tests for the gateway audit chain and for forwarding security events to the SIEM.
from dataclasses import replace

from pumplink_gateway.audit import GENESIS_HASH, AuditEvent, chain_hash, verify_chain
from pumplink_gateway.siem import syslog_frame, to_cef


def fill(audit, n=5):
    for i in range(n):
        audit.action("order.sent", actor="u-4711", target="LVP300-0042917", seq=i + 1)


# @verifies SR-12
def test_events_are_chained_from_genesis(audit, audit_store):
    fill(audit)
    rows = audit_store.rows
    assert rows[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.row_hash for a, b in zip(rows, rows[1:]))
    assert verify_chain(rows) is None


# @verifies SR-12
def test_edited_row_is_detected(audit, audit_store):
    fill(audit)
    rows = list(audit_store.rows)
    rows[2] = replace(rows[2], event=replace(rows[2].event, actor="u-0001"))
    assert verify_chain(rows) == rows[2].id


# @verifies SR-12
def test_deleted_row_is_detected(audit, audit_store):
    fill(audit)
    rows = list(audit_store.rows)
    del rows[1]
    assert verify_chain(rows) == 3


# @verifies SR-12
def test_hash_does_not_depend_on_detail_key_order():
    a = AuditEvent(1767225600.0, "u-4711", "order.sent", "LVP300-0042917", "ok", {"seq": 1, "drug": "heparin-25k"})
    b = AuditEvent(1767225600.0, "u-4711", "order.sent", "LVP300-0042917", "ok", {"drug": "heparin-25k", "seq": 1})
    assert chain_hash(GENESIS_HASH, a) == chain_hash(GENESIS_HASH, b)


# @verifies SR-13
def test_security_event_is_forwarded_to_siem(audit, siem):
    audit.security_event("login.failed", actor="unknown", detail={"reason": "invalid token"})
    assert [e.action for e in siem.events] == ["login.failed"]


# @verifies SR-13
def test_ordinary_action_is_not_forwarded(audit, siem):
    fill(audit, 2)
    assert siem.events == []


# @verifies SR-13
def test_cef_message_escapes_separators():
    event = AuditEvent(1767225600.0, "u-47|11", "envelope.rejected", "LVP300-0042917", "denied",
                       {"reason": "tag=bad\nretry"})
    cef = to_cef(event)
    assert cef.startswith("CEF:0|Northfield Medical|PumpLink Gateway|")
    assert "|PL200|Pump rejected dose command envelope|8|" in cef
    assert "suser=u-47|11" in cef
    assert "cs2=reason:tag\\=bad\\nretry" in cef


# @verifies SR-13
def test_syslog_frame_uses_octet_counting():
    frame = syslog_frame("CEF:0|x", "gw-01", now=1767225600.0)
    length, _, message = frame.partition(b" ")
    assert int(length) == len(message)
    assert message.startswith(b"<85>1 2026-01-01T00:00:00.000Z gw-01 pumplink-gw - SEC - ")
