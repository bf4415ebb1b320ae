# Forwarding of security events to the hospital SIEM: CEF messages over syslog on TLS (RFC 5425).
#
# Forwarding never blocks the request that caused the event: events go to a bounded queue drained by
# one sender thread. If the SIEM is unreachable the oldest events are dropped first and the count of
# dropped events is itself reported once the connection is back; the audit table keeps everything.
#
# @implements SR-13
from __future__ import annotations

import collections
import socket
import ssl
import threading
import time
from datetime import datetime, timezone

from . import __version__
from .audit import AuditEvent

# action -> (CEF signature id, name, severity 0-10)
SECURITY_ACTIONS: dict[str, tuple[str, str, int]] = {
    "login.failed": ("PL100", "Authentication failure", 5),
    "authz.denied": ("PL101", "Authorization denied", 6),
    "envelope.rejected": ("PL200", "Pump rejected dose command envelope", 8),
    "firmware.rejected": ("PL300", "Firmware image rejected", 9),
    "ratelimit.tripped": ("PL400", "Request rate limit exceeded", 4),
    "role.changed": ("PL500", "User role changed", 6),
}


def _escape_header(value: str) -> str:
    return value.replace("\\", "\\\\").replace("|", "\\|")


def _escape_extension(value: str) -> str:
    return value.replace("\\", "\\\\").replace("=", "\\=").replace("\r", "\\r").replace("\n", "\\n")


def to_cef(event: AuditEvent) -> str:
    sig_id, name, severity = SECURITY_ACTIONS.get(event.action, ("PL999", event.action, 5))
    ext = {
        "rt": str(int(event.occurred_at * 1000)),
        "suser": event.actor,
        "act": event.action,
        "outcome": event.outcome,
        "cs1Label": "target",
        "cs1": event.target,
    }
    ext.update({f"cs{i}": f"{k}:{v}" for i, (k, v) in enumerate(sorted(event.detail.items()), start=2) if i <= 6})
    header = "|".join(
        _escape_header(part)
        for part in ("CEF:0", "Northfield Medical", "PumpLink Gateway", __version__, sig_id, name, str(severity))
    )
    return header + "|" + " ".join(f"{k}={_escape_extension(v)}" for k, v in ext.items())


def syslog_frame(message: str, hostname: str, now: float | None = None) -> bytes:
    """RFC 5424 message with RFC 5425 octet-counting framing; facility authpriv (10), severity notice."""
    ts = datetime.fromtimestamp(now if now is not None else time.time(), tz=timezone.utc)
    pri = 10 * 8 + 5
    msg = f"<{pri}>1 {ts.isoformat(timespec='milliseconds').replace('+00:00', 'Z')} {hostname} pumplink-gw - SEC - {message}"
    body = msg.encode("utf-8")
    return f"{len(body)} ".encode("ascii") + body


class SiemForwarder:
    def __init__(self, host: str, port: int = 6514, *, ca_file: str, max_queue: int = 10_000) -> None:
        self._addr = (host, port)
        self._tls = ssl.create_default_context(cafile=ca_file)
        self._tls.minimum_version = ssl.TLSVersion.TLSv1_2
        self._queue: collections.deque[AuditEvent] = collections.deque(maxlen=max_queue)
        self._dropped = 0
        self._cv = threading.Condition()
        self._hostname = socket.gethostname()
        threading.Thread(target=self._run, name="siem-forwarder", daemon=True).start()

    def forward(self, event: AuditEvent) -> None:
        with self._cv:
            if len(self._queue) == self._queue.maxlen:
                self._dropped += 1
            self._queue.append(event)
            self._cv.notify()

    def _run(self) -> None:
        backoff = 1.0
        while True:
            try:
                with socket.create_connection(self._addr, timeout=10) as raw, \
                        self._tls.wrap_socket(raw, server_hostname=self._addr[0]) as conn:
                    backoff = 1.0
                    self._drain(conn)
            except OSError:
                time.sleep(backoff)
                backoff = min(backoff * 2, 60.0)

    def _drain(self, conn: ssl.SSLSocket) -> None:
        while True:
            with self._cv:
                while not self._queue:
                    self._cv.wait()
                event = self._queue[0]
                dropped, self._dropped = self._dropped, 0
            if dropped:
                notice = AuditEvent(time.time(), "pumplink-gateway", "siem.dropped", "", "lost", {"count": dropped})
                conn.sendall(syslog_frame(to_cef(notice), self._hostname))
            conn.sendall(syslog_frame(to_cef(event), self._hostname))
            with self._cv:
                if self._queue and self._queue[0] is event:
                    self._queue.popleft()
