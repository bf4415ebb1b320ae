# Tests for gateway request rate limiting.
# @verifies SR-11
import asyncio

from pumplink_gateway.rate_limit import RateLimiter, RateLimitMiddleware


class Clock:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def test_burst_is_allowed_up_to_capacity_then_refused():
    limiter = RateLimiter(capacity=3, refill_per_s=1, clock=Clock())
    assert [limiter.check("a")[0] for _ in range(4)] == [True, True, True, False]


def test_clients_are_limited_independently():
    limiter = RateLimiter(capacity=1, refill_per_s=1, clock=Clock())
    assert limiter.check("a")[0] and not limiter.check("a")[0]
    assert limiter.check("b")[0]


def test_bucket_refills_over_time():
    clock = Clock()
    limiter = RateLimiter(capacity=1, refill_per_s=2, clock=clock)
    limiter.check("a")
    assert not limiter.check("a")[0]
    clock.now += 0.5
    assert limiter.check("a")[0]


def test_number_of_tracked_clients_is_bounded():
    limiter = RateLimiter(capacity=1, refill_per_s=1, max_keys=100, clock=Clock())
    for i in range(1000):
        limiter.check(f"addr:10.0.{i // 256}.{i % 256}")
    assert len(limiter._buckets) == 100


def call(middleware, path, client="10.20.0.5", token=b"Bearer abc"):
    sent = []

    async def receive():
        return {"type": "http.request", "body": b""}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "path": path, "client": (client, 50000), "headers": [(b"authorization", token)]}
    asyncio.run(middleware(scope, receive, send))
    return sent[0]


async def ok_app(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"{}"})


def make_middleware(clock, trips=None):
    return RateLimitMiddleware(
        ok_app,
        per_address=RateLimiter(capacity=2, refill_per_s=5, clock=clock),
        per_token=RateLimiter(capacity=2, refill_per_s=5, clock=clock),
        on_trip=(lambda addr, path: trips.append(path)) if trips is not None else None,
    )


def test_dashboard_flood_gets_429_and_is_reported():
    trips = []
    mw = make_middleware(Clock(), trips)
    statuses = [call(mw, "/api/pumps")["status"] for _ in range(3)]
    assert statuses == [200, 200, 429]
    assert trips == ["/api/pumps"]


def test_pump_channel_is_not_limited_by_dashboard_flood():
    mw = make_middleware(Clock())
    for _ in range(5):
        call(mw, "/api/pumps")
    assert call(mw, "/pump/LVP300-0042917/heartbeat")["status"] == 200


def test_retry_after_header_is_whole_seconds():
    mw = make_middleware(Clock())
    for _ in range(2):
        call(mw, "/api/pumps")
    headers = dict(call(mw, "/api/pumps")["headers"])
    # RFC 9110: Retry-After is a non-negative integer number of seconds (or an HTTP date).
    assert headers[b"retry-after"] == b"1"
