"""The bot's HTTP session: requests go to the Bot API as JSON bodies."""

from __future__ import annotations

import json
from functools import partial
from typing import Any, cast

from aiogram import Bot
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import TelegramMethod
from aiogram.methods.base import TelegramType
from aiogram.types import InputFile
from aiohttp import ClientError, ClientTimeout

JSON_HEADERS = {"Content-Type": "application/json"}

# Compact, and Cyrillic as UTF-8 rather than \uXXXX escapes: a third of the bytes.
dumps = partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


class JsonSession(AiohttpSession):
    """aiogram's aiohttp session, posting ``application/json`` instead of a form.

    aiogram sends every call as a form whose nested fields (the keyboard) are JSON strings,
    then percent-encodes it byte by byte. For a basket reply with its keyboard that was about
    a tenth of the bot's CPU under load. The Bot API accepts JSON bodies for every method
    except file uploads, which still go through aiogram's multipart form.
    """

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("json_dumps", dumps)
        super().__init__(**kwargs)

    def build_json_body(self, bot: Bot, method: TelegramMethod[Any]) -> bytes | None:
        """The request body, or None when the call uploads a file."""
        files: dict[str, InputFile] = {}
        body: dict[str, Any] = {}
        for key, value in method.model_dump(warnings=False).items():
            prepared = self.prepare_value(value, bot=bot, files=files, _dumps_json=False)
            # The form drops the same empty fields.
            if prepared is not None and prepared != "":
                body[key] = prepared
        if files:
            return None
        return self.json_dumps(body).encode()

    async def make_request(
        self, bot: Bot, method: TelegramMethod[TelegramType], timeout: int | None = None
    ) -> TelegramType:
        body = self.build_json_body(bot, method)
        if body is None:
            return await super().make_request(bot, method, timeout)
        session = await self.create_session()
        url = self.api.api_url(token=bot.token, method=method.__api_method__)
        try:
            async with session.post(
                url,
                data=body,
                headers=JSON_HEADERS,
                timeout=ClientTimeout(total=self.timeout if timeout is None else timeout),
            ) as response:
                raw = await response.text()
        except TimeoutError as error:
            raise TelegramNetworkError(method=method, message="Request timeout error") from error
        except ClientError as error:
            message = f"{type(error).__name__}: {error}"
            raise TelegramNetworkError(method=method, message=message) from error
        checked = self.check_response(
            bot=bot, method=method, status_code=response.status, content=raw
        )
        return cast(TelegramType, checked.result)
