# Request rate limiting for the gateway API.
#
# @implements SR-11
# @mitigates TM-6
#
# Two limits per request on the dashboard API: one bucket per source address and one per bearer token
# (hashed; the token itself is verified later, by auth.current_principal). The pump channel is exempt
# from both and has a fixed share of concurrency that dashboard traffic cannot take.
from __future__ import annotations

import asyncio
import hashlib
import time
from collections import OrderedDict
from dataclasses import dataclass
from typing import Callable

PUMP_CHANNEL_PREFIX = "/pump/"


@dataclass
class TokenBucket:
    capacity: float
    refill_per_s: float
    tokens: float
    updated: float

    def take(self, now: float) -> bool:
        self.tokens = min(self.capacity, self.tokens + (now - self.updated) * self.refill_per_s)
        self.updated = now
        if self.tokens >= 1.0:
            self.tokens -= 1.0
            return True
        return False

    def seconds_until_token(self) -> float:
        return max(0.0, (1.0 - self.tokens) / self.refill_per_s)


class RateLimiter:
    """Token buckets keyed by client, bounded so that a flood of new keys cannot exhaust memory."""

    def __init__(self, capacity: int, refill_per_s: float, max_keys: int = 50_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self._capacity = capacity
        self._refill = refill_per_s
        self._max_keys = max_keys
        self._clock = clock
        self._buckets: OrderedDict[str, TokenBucket] = OrderedDict()

    def check(self, key: str) -> tuple[bool, float]:
        """Returns (allowed, retry_after_seconds)."""
        now = self._clock()
        bucket = self._buckets.get(key)
        if bucket is None:
            bucket = TokenBucket(self._capacity, self._refill, float(self._capacity), now)
            self._buckets[key] = bucket
            if len(self._buckets) > self._max_keys:
                self._buckets.popitem(last=False)
        else:
            self._buckets.move_to_end(key)
        if bucket.take(now):
            return True, 0.0
        return False, bucket.seconds_until_token()


def _token_key(headers: list[tuple[bytes, bytes]]) -> str | None:
    for name, value in headers:
        if name == b"authorization":
            return "tok:" + hashlib.sha256(value).hexdigest()[:32]
    return None


class RateLimitMiddleware:
    def __init__(self, app, *, per_address: RateLimiter, per_token: RateLimiter, dashboard_concurrency: int = 48,
                 on_trip: Callable[[str, str], None] | None = None) -> None:
        self._app = app
        self._per_address = per_address
        self._per_token = per_token
        self._dashboard_slots = asyncio.Semaphore(dashboard_concurrency)
        self._on_trip = on_trip

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http" or scope["path"].startswith(PUMP_CHANNEL_PREFIX):
            await self._app(scope, receive, send)
            return

        address = "addr:" + (scope.get("client") or ("unknown", 0))[0]
        allowed, retry_after = self._per_address.check(address)
        token = _token_key(scope.get("headers", []))
        if allowed and token is not None:
            allowed, retry_after = self._per_token.check(token)
        if not allowed:
            if self._on_trip is not None:
                self._on_trip(address, scope["path"])
            await _too_many_requests(send, retry_after)
            return

        async with self._dashboard_slots:
            await self._app(scope, receive, send)


async def _too_many_requests(send, retry_after: float) -> None:
    await send({
        "type": "http.response.start",
        "status": 429,
        "headers": [(b"content-type", b"application/json"), (b"retry-after", str(round(retry_after, 1)).encode())],
    })
    await send({"type": "http.response.body", "body": b'{"detail":"too many requests"}'})
