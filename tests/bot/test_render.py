"""The basket text: ranking summary, card totals, split line, demo note, escaping."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.keyboards import alternatives_keyboard, basket_keyboard
from bot.render import render_alternatives, render_basket, unit_price
from parser.models import ParsedList, ShoppingItem
from pricing.models import (
    AlternativesPage,
    Basket,
    BasketAnswer,
    BasketLine,
    OptionCost,
    ProductView,
    SplitLine,
    SplitSuggestion,
)
from stores.offer import PackSize

NOW = datetime(2026, 11, 28, 12, tzinfo=UTC)


def _line(index: int, chain: str, name: str, price: int, weighed: bool = False) -> BasketLine:
    product = ProductView(
        id=index + 1,
        chain=chain,
        name=name,
        price_kop=price,
        unit_price_kop=price * 2,
        unit_basis="kg",
        weighed=weighed,
        observed_at=NOW,
    )
    item = ShoppingItem(name=name.split()[0].lower())
    packs = 0.5 if weighed else 2
    return BasketLine(
        index=index, item=item, product=product, packs=packs, line_total_kop=price * 2
    )


def test_basket_text_has_ranking_coverage_card_split_and_demo() -> None:
    cheese = _line(0, "magnit", "Сыр <Российский> & Co", 30_000, weighed=True)
    bread = _line(1, "magnit", "Хлеб", 5_000)
    magnit = Basket(
        chain="magnit",
        lines=[cheese, bread],
        missing=[ShoppingItem(name="икра <красная>")],
        total_kop=70_000,
        card_total_kop=65_000,
        found=2,
        wanted=3,
        oldest_price_at=NOW - timedelta(hours=2),
    )
    dixy = Basket(chain="dixy", lines=[], total_kop=0, found=0, wanted=3)
    split = SplitSuggestion(
        chains=["magnit", "dixy"],
        lines=[SplitLine(chain="magnit", line=bread)],
        total_kop=50_000,
        best_single_total_kop=70_000,
        penalty_kop=15_000,
        saving_kop=5_000,
    )
    answer = BasketAnswer(
        basket_id=3,
        parsed=ParsedList(items=[], intent="basket", source="rules"),
        baskets=[magnit, dixy],
        split=split,
        demo=True,
    )
    text = render_basket(answer, now=NOW)
    assert "1. <b>Магнит</b> — 700,00 ₽, по карте 650,00 ₽ · 2 из 3" in text
    assert "2. Дикси — 0,00 ₽ · 0 из 3" in text
    assert "Сыр &lt;Российский&gt; &amp; Co — 0,5 кг = <b>600,00 ₽</b> · 600,00 ₽/кг" in text
    assert "2. Хлеб — 2 уп. = <b>100,00 ₽</b>" in text
    assert "Не нашлось: икра &lt;красная&gt;" in text
    assert "Цены обновлены 2 ч назад" in text
    assert "Магнит + Дикси): 500,00 ₽, выгоднее на 50,00 ₽" in text
    assert "демо-каталог" in text
    keyboard = basket_keyboard(answer)
    assert keyboard is not None
    labels = [button.text for row in keyboard.inline_keyboard for button in row]
    assert labels == ["✅ Магнит", "Дикси", "🔁 1. сыр", "🔁 2. хлеб"]


def test_price_per_piece_only_for_packs_of_several() -> None:
    def product(name: str, pieces: float) -> ProductView:
        return ProductView(
            id=1,
            chain="magnit",
            name=name,
            price_kop=14_800,
            unit_price_kop=round(14_800 / pieces),
            unit_basis="pcs",
            pack=PackSize(amount=pieces, unit="pcs"),
            observed_at=NOW,
        )

    assert unit_price(product("Яйца СО 10 шт", 10)) == "14,80 ₽/шт"
    assert unit_price(product("Торт Прага", 1)) == ""


def _page(
    item: ShoppingItem, options: list[ProductView], costs: list[OptionCost] | None = None
) -> str:
    return render_alternatives(_alternatives(item, options, costs))


def _alternatives(
    item: ShoppingItem, options: list[ProductView], costs: list[OptionCost] | None = None
) -> AlternativesPage:
    return AlternativesPage(
        basket_id=1,
        chain="pyaterochka",
        line_index=0,
        item=item,
        current_product_id=None,
        options=options,
        page=0,
        pages=1,
        costs=costs or [],
    )


EGGS = ProductView(
    id=1,
    chain="pyaterochka",
    name="Яйца С1 10 шт",
    price_kop=9_999,
    unit_price_kop=1_000,
    unit_basis="pcs",
    observed_at=NOW,
)
MILK = EGGS.model_copy(update={"name": "Молоко 1 л", "unit_basis": "l"})


def test_alternatives_say_where_and_in_which_order() -> None:
    eggs, milk = EGGS, MILK
    text = _page(ShoppingItem(name="яйца"), [eggs])
    assert text.splitlines()[0] == (
        "🔁 Замена для «яйца» в Пятёрочке (стр. 1 из 1), дешевле за штуку — выше:"
    )
    assert "дешевле за литр — выше" in _page(ShoppingItem(name="молоко"), [milk])
    two_litres = ShoppingItem(name="молоко", quantity=2, unit="л")
    head, line = _page(two_litres, [milk], [OptionCost(packs=2, total_kop=19_998)]).splitlines()
    assert head.endswith("дешевле за нужное количество — выше:")
    assert line == "1. Молоко 1 л — 2 уп. = <b>199,98 ₽</b> · 10,00 ₽/л"
    assert _page(ShoppingItem(name="икра"), []) == (
        "🔁 Замена для «икра» в Пятёрочке: других вариантов нет."
    )


def test_alternative_buttons_show_the_figure_the_text_ranks_by() -> None:
    one = _alternatives(ShoppingItem(name="молоко"), [MILK])
    two = _alternatives(
        ShoppingItem(name="молоко", quantity=2, unit="л"),
        [MILK],
        [OptionCost(packs=2, total_kop=19_998)],
    )
    assert alternatives_keyboard(one).inline_keyboard[0][0].text == "1. 99,99 ₽ · Молоко 1 л"
    assert alternatives_keyboard(two).inline_keyboard[0][0].text == "1. 199,98 ₽ · Молоко 1 л"
