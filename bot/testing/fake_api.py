"""A small local stand-in for the Telegram Bot API, good enough to run the real bot against.

It speaks the HTTP protocol aiogram uses (``/bot<token>/<method>`` with form fields), keeps
chats and messages in memory, long-polls ``getUpdates``, checks what real Telegram checks
that matters here (HTML, 4096 characters, 64-byte callback data, "message is not modified"),
records every call, and can answer any method with an injected error.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from html.parser import HTMLParser
from typing import Any

from aiohttp import web

BOT_USER = {"id": 4242, "is_bot": True, "first_name": "Дешевле", "username": "deshevle_test_bot"}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "code", "pre", "a"}
ALLOWED_TAGS |= {"tg-spoiler", "blockquote", "span", "tg-emoji"}
TEXT_LIMIT = 4096
CALLBACK_LIMIT = 64

Json = dict[str, Any]


@dataclass(frozen=True, slots=True)
class Call:
    method: str
    params: Json
    result: Any
    at: float
    content_type: str = "application/json"


@dataclass
class InjectedError:
    error_code: int
    description: str
    retry_after: int | None = None


class _HtmlCheck(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[str] = []
        self.problem: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problem = self.problem or f'unsupported start tag "{tag}"'
        self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.problem = self.problem or f'unexpected end tag "{tag}"'
        else:
            self.stack.pop()


def html_problem(text: str) -> str | None:
    """Why Telegram would refuse ``text`` with parse_mode=HTML, or None."""
    if "<" in text.replace("&lt;", ""):
        checker = _HtmlCheck()
        checker.feed(text)
        checker.close()
        if checker.problem:
            return checker.problem
        if checker.stack:
            return f'can\'t find end tag corresponding to start tag "{checker.stack[-1]}"'
    return None


def visible_text(text: str) -> str:
    """What the shopper sees: tags dropped, entities decoded."""
    parts: list[str] = []

    class Strip(HTMLParser):
        def handle_data(self, data: str) -> None:
            parts.append(data)

    stripper = Strip(convert_charrefs=True)
    stripper.feed(text)
    stripper.close()
    return "".join(parts)


class BadRequest(Exception):
    def __init__(self, description: str, code: int = 400) -> None:
        super().__init__(description)
        self.code = code
        self.description = description


@dataclass
class FakeTelegram:
    """The fake server's state; ``start()`` serves it on 127.0.0.1 at a free port."""

    token: str = "42:TEST-token"
    calls: list[Call] = field(default_factory=list)
    messages: dict[tuple[int, int], Json] = field(default_factory=dict)
    errors: dict[str, deque[InjectedError]] = field(default_factory=dict)
    record: bool = True

    def __post_init__(self) -> None:
        self._updates: list[Json] = []
        self._next_update = 1
        self._next_message = 1
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self._reply_waiters: dict[int, deque[asyncio.Future[Json]]] = {}
        self.port = 0

    # --- serving -------------------------------------------------------------------------

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    async def start(self) -> FakeTelegram:
        application = web.Application()
        application.router.add_post("/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(application, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self._runner.addresses[0][1])
        return self

    async def stop(self) -> None:
        async with self._changed:
            self._changed.notify_all()
        if self._runner is not None:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        if request.match_info["token"] != self.token:
            return web.json_response(
                {"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401
            )
        method = request.match_info["method"]
        params = await _params(request)
        injected = self.errors.get(method)
        if injected:
            error = injected.popleft()
            body: Json = {"ok": False, "error_code": error.error_code}
            body["description"] = error.description
            if error.retry_after is not None:
                body["parameters"] = {"retry_after": error.retry_after}
            await self._log(method, params, body, request.content_type)
            return web.json_response(body, status=error.error_code)
        handler = getattr(self, "_m_" + method, None)
        if handler is None:
            result: Any = True
        else:
            try:
                result = await handler(params)
            except BadRequest as error:
                body = {"ok": False, "error_code": error.code, "description": error.description}
                await self._log(method, params, body, request.content_type)
                return web.json_response(body, status=error.code)
        if method != "getUpdates":
            await self._log(method, params, result, request.content_type)
        return web.json_response({"ok": True, "result": result})

    async def _log(self, method: str, params: Json, result: Any, content_type: str) -> None:
        if self.record:
            self.calls.append(Call(method, params, result, time.monotonic(), content_type))
        async with self._changed:
            self._changed.notify_all()

    # --- Bot API methods -------------------------------------------------------------------

    async def _m_getMe(self, params: Json) -> Json:
        return BOT_USER

    async def _m_getUpdates(self, params: Json) -> list[Json]:
        offset = int(params.get("offset") or 0)
        if offset:
            self._updates = [update for update in self._updates if update["update_id"] >= offset]
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._changed:
            while not self._updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except TimeoutError:
                    break
        limit = int(params.get("limit") or 100)
        return self._updates[:limit]

    async def _m_sendMessage(self, params: Json) -> Json:
        text = str(params.get("text", ""))
        self._check_text(text, params)
        chat_id = int(params["chat_id"])
        message = self._bot_message(chat_id, text, params.get("reply_markup"))
        self.messages[(chat_id, message["message_id"])] = message
        waiters = self._reply_waiters.get(chat_id)
        if waiters:
            waiter = waiters.popleft()
            if not waiter.done():
                waiter.set_result(message)
        return message

    async def _m_editMessageText(self, params: Json) -> Json:
        text = str(params.get("text", ""))
        self._check_text(text, params)
        key = (int(params["chat_id"]), int(params["message_id"]))
        message = self.messages.get(key)
        if message is None:
            raise BadRequest("Bad Request: message to edit not found")
        markup = params.get("reply_markup")
        if message["text"] == text and message.get("reply_markup") == markup:
            raise BadRequest(
                "Bad Request: message is not modified: specified new message content and "
                "reply markup are exactly the same as a current content and reply markup "
                "of the message"
            )
        message["text"] = text
        message["reply_markup"] = markup
        message["edit_date"] = int(time.time())
        return message

    async def _m_answerCallbackQuery(self, params: Json) -> bool:
        return True

    def _check_text(self, text: str, params: Json) -> None:
        if not text.strip():
            raise BadRequest("Bad Request: message text is empty")
        if params.get("parse_mode") == "HTML":
            problem = html_problem(text)
            if problem:
                raise BadRequest(f"Bad Request: can't parse entities: {problem}")
            text = visible_text(text)
        if len(text) > TEXT_LIMIT:
            raise BadRequest("Bad Request: message is too long")
        markup = params.get("reply_markup")
        for row in (markup or {}).get("inline_keyboard", []):
            for button in row:
                data = button.get("callback_data")
                if data is not None and len(data.encode()) > CALLBACK_LIMIT:
                    raise BadRequest("Bad Request: BUTTON_DATA_INVALID")

    def _bot_message(self, chat_id: int, text: str, markup: Any) -> Json:
        message_id = self._next_message
        self._next_message += 1
        message: Json = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": BOT_USER,
            "text": text,
        }
        if markup is not None:
            message["reply_markup"] = markup
        return message

    # --- driving it from a test -------------------------------------------------------------

    def fail(
        self, method: str, error_code: int, description: str, retry_after: int | None = None
    ) -> None:
        """The next call of ``method`` answers this error instead."""
        self.errors.setdefault(method, deque()).append(
            InjectedError(error_code, description, retry_after)
        )

    async def push(self, update: Json) -> int:
        update_id = self._next_update
        self._next_update += 1
        self._updates.append({"update_id": update_id, **update})
        async with self._changed:
            self._changed.notify_all()
        return update_id

    async def send_text(self, user_id: int, text: str) -> int:
        """A shopper writes to the bot; returns the new message's id."""
        return await self._user_message(user_id, {"text": text, **_command_entities(text)})

    async def send_location(self, user_id: int, latitude: float, longitude: float) -> int:
        location = {"latitude": latitude, "longitude": longitude}
        return await self._user_message(user_id, {"location": location})

    async def _user_message(self, user_id: int, content: Json) -> int:
        message_id = self._next_message
        self._next_message += 1
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": {"id": user_id, "type": "private"},
            "from": _user(user_id),
            **content,
        }
        await self.push({"message": message})
        return message_id

    async def tap(self, user_id: int, message: Json, data: str, chat_id: int | None = None) -> str:
        """A shopper taps a button carrying ``data`` under ``message``; returns the query id."""
        query_id = f"q{self._next_update}"
        await self.push(
            {
                "callback_query": {
                    "id": query_id,
                    "from": _user(user_id),
                    "chat_instance": str(chat_id or user_id),
                    "message": message,
                    "data": data,
                }
            }
        )
        return query_id

    def expect_reply(self, chat_id: int) -> asyncio.Future[Json]:
        """A future for the next message the bot sends into ``chat_id`` (cheap, for load)."""
        waiter: asyncio.Future[Json] = asyncio.get_running_loop().create_future()
        self._reply_waiters.setdefault(chat_id, deque()).append(waiter)
        return waiter

    def mark(self) -> int:
        return len(self.calls)

    async def wait_for(
        self,
        predicate: Callable[[Call], bool],
        *,
        since: int = 0,
        timeout: float = 10.0,
    ) -> Call:
        """The first recorded call from index ``since`` on that matches."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                for call in self.calls[since:]:
                    if predicate(call):
                        return call
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    raise TimeoutError(f"no matching call; last calls: {self.calls[-5:]}")
                try:
                    await asyncio.wait_for(self._changed.wait(), remaining)
                except TimeoutError:
                    continue

    async def reply_to(self, chat_id: int, *, since: int, timeout: float = 10.0) -> Call:
        """The bot's next successful sendMessage into ``chat_id``."""
        return await self.wait_for(
            lambda call: (
                call.method == "sendMessage"
                and int(call.params.get("chat_id", 0)) == chat_id
                and isinstance(call.result, dict)
                and "message_id" in call.result
            ),
            since=since,
            timeout=timeout,
        )

    def sent(self, method: str, since: int = 0) -> list[Call]:
        return [call for call in self.calls[since:] if call.method == method]


async def _params(request: web.Request) -> Json:
    # The Bot API takes JSON bodies and forms alike; aiogram's own session sends forms.
    if request.content_type == "application/json":
        body = await request.json()
        return body if isinstance(body, dict) else {}
    form = await request.post()
    return {key: _decode(str(value)) for key, value in form.items()}


def _decode(value: str) -> Any:
    # aiogram sends nested objects (reply_markup) as JSON strings and scalars as plain text.
    if value[:1] in "[{":
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def _user(user_id: int) -> Json:
    return {"id": user_id, "is_bot": False, "first_name": f"Покупатель {user_id}"}


def _command_entities(text: str) -> Json:
    if not text.startswith("/"):
        return {}
    length = len(text.split()[0])
    return {"entities": [{"type": "bot_command", "offset": 0, "length": length}]}


def buttons(message: Json) -> list[tuple[str, str]]:
    """(text, callback data) of every inline button under a message."""
    markup = message.get("reply_markup") or {}
    return [
        (button["text"], button.get("callback_data", ""))
        for row in markup.get("inline_keyboard", [])
        for button in row
    ]
