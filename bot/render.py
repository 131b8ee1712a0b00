"""Russian text for every reply. Scraped and typed text is HTML-escaped here and only here."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from aiogram.utils.text_decorations import html_decoration

from parser.models import ShoppingItem
from pricing.format import bought, plural, rub
from pricing.format import unit_price as unit_price_label
from pricing.models import (
    AlternativesPage,
    Basket,
    BasketAnswer,
    BasketLine,
    CheapestAnswer,
    ProductView,
    SplitSuggestion,
)
from stores.chains import chain_title, in_chain

MESSAGE_LIMIT = 4096
EXAMPLE = "молоко 3.2%, хлеб, 10 яиц, сыр 200 г"
DEMO_NOTE = "ℹ️ Это демо-каталог: цены примерные, не настоящие."

START_TEXT = (
    "👋 Я подскажу, где продукты дешевле: Пятёрочка, Магнит, Дикси, Перекрёсток, Чижик.\n\n"
    "Пришлите список покупок одним сообщением, например:\n"
    f"<code>{EXAMPLE}</code>\n"
    "Я сравню корзины по сетям, а кнопкой 🔁 можно заменить любой товар.\n\n"
    "Или спросите: <code>самое дешёвое молоко</code>.\n\n"
    "/stores — какие сети сравнивать\n"
    "/region — ваш город или геопозиция\n\n"
    "Что я храню: ваши списки и выбранные замены (чтобы кнопки работали), "
    "выбранные сети и регион. Больше ничего."
)
EMPTY_HINT = f"🤔 Не нашёл в сообщении покупок. Пришлите список, например:\n<code>{EXAMPLE}</code>"
UNKNOWN_COMMAND = "Такой команды нет. /help — что я умею."
ONLY_TEXT = f"Я читаю только текст. Пришлите список сообщением, например:\n<code>{EXAMPLE}</code>"
THROTTLED = "⏳ Секунду, ещё считаю предыдущий список."
BUSY = "😔 Не получилось посчитать. Попробуйте ещё раз чуть позже."
NOT_YOURS = "Это чужой список — кнопки работают только у автора."
STALE = "Этот список устарел. Пришлите его ещё раз."
GONE = "Список не найден. Пришлите его ещё раз."
UNKNOWN = "Этот товар больше недоступен."
OLD_BUTTON = "Эта кнопка устарела. Пришлите список ещё раз."


def quote(text: str) -> str:
    return html_decoration.quote(text)


def unit_price(product: ProductView) -> str:
    """«103,23 ₽/л», or «14,80 ₽/шт» for a pack of several pieces (eggs by 10); for a single
    piece the price per piece would only repeat the price, so it is left out."""
    if product.unit_basis == "pcs" and (product.pack is None or product.pack.amount <= 1):
        return ""
    return unit_price_label(product) or ""


def age(moment: datetime | None, now: datetime | None = None) -> str:
    if moment is None:
        return ""
    seconds = max(0, int(((now or datetime.now(UTC)) - moment).total_seconds()))
    if seconds < 3600:
        return f"{max(1, seconds // 60)} мин назад"
    if seconds < 86_400:
        return f"{seconds // 3600} ч назад"
    days = seconds // 86_400
    return f"{days} {plural(days, 'день', 'дня', 'дней')} назад"


def item_name(item: ShoppingItem) -> str:
    return quote(item.name)


def product_line(product: ProductView) -> str:
    per_unit = unit_price(product)
    suffix = f" ({per_unit})" if per_unit else ""
    card = f", по карте {rub(product.card_price_kop)}" if product.card_price_kop else ""
    return f"{quote(product.name)} — <b>{rub(product.price_kop)}</b>{card}{suffix}"


def basket_summary(basket: Basket, place: int, current: bool) -> str:
    title = chain_title(basket.chain)
    title = f"<b>{title}</b>" if current else title
    card = ""
    if basket.card_total_kop is not None and basket.card_total_kop < basket.total_kop:
        card = f", по карте {rub(basket.card_total_kop)}"
    coverage = f"{basket.found} из {basket.wanted}"
    return f"{place}. {title} — {rub(basket.total_kop)}{card} · {coverage}"


def basket_line(line: BasketLine) -> str:
    mark = "🔁 " if line.chosen else ""
    return f"{line.index + 1}. {mark}{bought_line(line.product, line.packs, line.line_total_kop)}"


def bought_line(product: ProductView, count: float, total_kop: int) -> str:
    """«Молоко 1 л — 2 уп. = <b>140,00 ₽</b> · 70,00 ₽/л»."""
    per_unit = unit_price(product)
    suffix = f" · {per_unit}" if per_unit else ""
    return f"{quote(product.name)} — {bought(product, count)} = <b>{rub(total_kop)}</b>{suffix}"


def split_line(split: SplitSuggestion) -> str:
    chains = " + ".join(chain_title(chain) for chain in split.chains)
    return (
        f"💡 Если купить в двух местах ({chains}): {rub(split.total_kop)}, "
        f"выгоднее на {rub(split.saving_kop)} с учётом лишней поездки."
    )


def selected_basket(answer: BasketAnswer, chain: str | None) -> Basket | None:
    if not answer.baskets:
        return None
    for basket in answer.baskets:
        if basket.chain == chain:
            return basket
    return answer.baskets[0]


def render_basket(
    answer: BasketAnswer, chain: str | None = None, now: datetime | None = None
) -> str:
    shown = selected_basket(answer, chain)
    if shown is None:
        return "😔 Ни в одной сети не нашлось товаров из списка."
    parts = ["🛒 <b>Где дешевле</b>"]
    parts += [
        basket_summary(basket, place, basket.chain == shown.chain)
        for place, basket in enumerate(answer.baskets, start=1)
    ]
    parts += ["", f"<b>{chain_title(shown.chain)}</b>:"]
    parts += [basket_line(line) for line in shown.lines]
    if shown.missing:
        parts.append("Не нашлось: " + ", ".join(item_name(item) for item in shown.missing))
    when = age(shown.oldest_price_at, now)
    if when:
        parts.append(f"🕒 Цены обновлены {when}.")
    if answer.split is not None and answer.split.saving_kop > 0:
        parts.append(split_line(answer.split))
    if answer.demo:
        parts.append(DEMO_NOTE)
    return "\n".join(parts)


def render_cheapest(answer: CheapestAnswer) -> str:
    wanted = item_name(answer.item) if answer.item else "товар"
    if not answer.offers:
        return f"😔 Не нашёл «{wanted}» ни в одной сети."
    parts = [f"💸 <b>Самое дешёвое: {wanted}</b>"]
    parts += [
        f"{place}. {chain_title(offer.chain)}: {product_line(offer)}"
        for place, offer in enumerate(answer.offers, start=1)
    ]
    if answer.demo:
        parts.append(DEMO_NOTE)
    return "\n".join(parts)


ORDER_HINTS: dict[str, str] = {
    "kg": "дешевле за кг — выше",
    "l": "дешевле за литр — выше",
    "pcs": "дешевле за штуку — выше",
}


def render_alternatives(page: AlternativesPage) -> str:
    head = f"🔁 Замена для «{item_name(page.item)}» {in_chain(page.chain)}"
    if not page.options:
        return f"{head}: других вариантов нет."
    order = (
        "дешевле за нужное количество — выше"
        if page.costs
        else ORDER_HINTS[page.options[0].unit_basis]
    )
    lines = [f"{head} (стр. {page.page + 1} из {max(page.pages, 1)}), {order}:"]
    for place, (option, cost) in enumerate(page.priced(), start=1):
        mark = " ✅" if option.id == page.current_product_id else ""
        text = (
            product_line(option)
            if cost is None
            else bought_line(option, cost.packs, cost.total_kop)
        )
        lines.append(f"{place}. {text}{mark}")
    return "\n".join(lines)


def split_message(text: str, limit: int = MESSAGE_LIMIT) -> list[str]:
    """Cut a reply into messages at line boundaries; an over-long line is cut between entities."""
    chunks: list[str] = []
    current = ""
    for line in _fit_lines(text.split("\n"), limit):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            chunks.append(current)
            candidate = line
        current = candidate
    if current or not chunks:
        chunks.append(current)
    return chunks


def _fit_lines(lines: Iterable[str], limit: int) -> Iterable[str]:
    for line in lines:
        while len(line) > limit:
            cut = limit
            # Never cut an HTML entity such as &lt; in half.
            amp = line.rfind("&", limit - 8, limit)
            if amp != -1 and ";" not in line[amp:limit]:
                cut = amp
            yield line[:cut]
            line = line[cut:]
        yield line


def fit_message(text: str, limit: int = MESSAGE_LIMIT) -> str:
    """The first message of ``text``, marked when something was left out (for edits)."""
    parts = split_message(text, limit - 2)
    return parts[0] if len(parts) == 1 else parts[0] + "\n…"
