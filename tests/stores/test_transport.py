"""The polite transport against respx-mocked answers: no network, no real waiting."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
import respx

from stores.errors import AccessDenied, ChainPaused, ChallengePage, RateLimited, TransportError
from stores.transport import TokenBucket, retry_after_seconds

from .conftest import FakeTime

URL = "https://example.test/api/items"


@respx.mock
async def test_429_then_success_honours_retry_after(
    make_transport: Any, fake_time: FakeTime
) -> None:
    route = respx.get(URL).mock(
        side_effect=[
            httpx.Response(429, headers={"Retry-After": "7"}),
            httpx.Response(200, json={}),
        ]
    )
    transport = make_transport("magnit")
    assert await transport.request("GET", URL) == "{}"
    assert route.call_count == 2
    assert 7 in fake_time.sleeps


@respx.mock
async def test_5xx_retried_with_growing_backoff(make_transport: Any, fake_time: FakeTime) -> None:
    route = respx.get(URL).mock(
        side_effect=[httpx.Response(502), httpx.Response(503), httpx.Response(200, text="[]")]
    )
    assert await make_transport("magnit").request("GET", URL) == "[]"
    assert route.call_count == 3
    backoffs = [s for s in fake_time.sleeps if s > 1]
    assert backoffs == [1.25, 2.5]  # base 1 s × 2^attempt × (1 + 0.5 jitter × 0.5)


@respx.mock
async def test_timeouts_retried_then_reported(make_transport: Any) -> None:
    route = respx.get(URL).mock(side_effect=httpx.ReadTimeout("slow"))
    with pytest.raises(TransportError, match="3 attempts: timeout"):
        await make_transport("magnit", attempts=3).request("GET", URL)
    assert route.call_count == 3


@respx.mock
async def test_persistent_429_gives_up(make_transport: Any) -> None:
    respx.get(URL).mock(return_value=httpx.Response(429, headers={"Retry-After": "1"}))
    with pytest.raises(RateLimited):
        await make_transport("magnit", attempts=2).request("GET", URL)


@respx.mock
async def test_403_pauses_the_chain_and_sends_nothing_more(make_transport: Any) -> None:
    route = respx.get(URL).mock(return_value=httpx.Response(403, text="Forbidden"))
    transport = make_transport("perekrestok")
    with pytest.raises(AccessDenied, match="403"):
        await transport.request("GET", URL)
    with pytest.raises(ChainPaused, match="paused until"):
        await transport.request("GET", URL)
    assert route.call_count == 1
    assert transport.breaker.is_open


@respx.mock
async def test_challenge_page_instead_of_json_pauses(make_transport: Any) -> None:
    page = "<!DOCTYPE html><html><body>ServicePipe: проверка браузера</body></html>"
    respx.get(URL).mock(return_value=httpx.Response(200, text=page))
    transport = make_transport("pyaterochka")
    with pytest.raises(ChallengePage):
        await transport.request("GET", URL)
    with pytest.raises(ChallengePage, match="paused until"):
        await transport.request("GET", URL)


@respx.mock
async def test_html_expected_passes_unless_challenge(make_transport: Any) -> None:
    respx.get(URL).mock(return_value=httpx.Response(200, text="<html><body>каталог</body></html>"))
    assert "каталог" in await make_transport("dixy").request("GET", URL, expect="html")


@respx.mock
async def test_user_agent_and_session_headers_sent(make_transport: Any) -> None:
    route = respx.get(URL).mock(return_value=httpx.Response(200, json={}))
    await make_transport("pyaterochka").request("GET", URL, headers={"x-device-id": "abc"})
    sent = route.calls.last.request
    assert sent.headers["User-Agent"] == "DeshevleTest/1"
    assert sent.headers["x-device-id"] == "abc"


async def test_token_bucket_spaces_requests_one_second(fake_time: FakeTime) -> None:
    bucket = TokenBucket(rate=1.0, clock=fake_time.clock, sleep=fake_time.sleep)
    for _ in range(4):
        await bucket.acquire()
    assert fake_time.now == pytest.approx(3.0)


def test_retry_after_forms() -> None:
    assert retry_after_seconds("12") == 12
    assert retry_after_seconds(None) is None
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0.0


@respx.mock
async def test_big_real_page_mentioning_captcha_is_not_a_challenge(make_transport: Any) -> None:
    page = "<html><head><title>Каталог — Дикси</title></head><body>" + "товар " * 10_000
    page += "<script src='smartcaptcha.js'></script></body></html>"
    respx.get(URL).mock(return_value=httpx.Response(200, text=page))
    assert "товар" in await make_transport("dixy").request("GET", URL, expect="html")
