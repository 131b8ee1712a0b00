"""Product nouns and brands the rules parser knows: built-in staples plus the catalogue."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Final

from catalog.text import fold
from parser.morph import is_noun, lemma, words
from parser.normalize import brand_aliases

# Canonical names of staples: plural where shoppers say so, singular for mass nouns.
STAPLES: Final[tuple[str, ...]] = (
    "молоко",
    "кефир",
    "ряженка",
    "сметана",
    "творог",
    "йогурт",
    "сыр",
    "масло",
    "сливки",
    "простокваша",
    "яйца",
    "хлеб",
    "батон",
    "булка",
    "лаваш",
    "багет",
    "сушки",
    "печенье",
    "пряники",
    "вафли",
    "торт",
    "шоколад",
    "конфеты",
    "зефир",
    "мармелад",
    "сахар",
    "соль",
    "мука",
    "гречка",
    "рис",
    "пшено",
    "овсянка",
    "манка",
    "макароны",
    "спагетти",
    "вермишель",
    "хлопья",
    "мюсли",
    "картошка",
    "картофель",
    "морковь",
    "лук",
    "чеснок",
    "капуста",
    "свекла",
    "огурцы",
    "помидоры",
    "перец",
    "кабачки",
    "баклажаны",
    "зелень",
    "укроп",
    "петрушка",
    "салат",
    "бананы",
    "яблоки",
    "груши",
    "апельсины",
    "мандарины",
    "лимоны",
    "виноград",
    "киви",
    "ананас",
    "арбуз",
    "дыня",
    "курица",
    "филе",
    "фарш",
    "говядина",
    "свинина",
    "индейка",
    "колбаса",
    "сосиски",
    "сардельки",
    "ветчина",
    "бекон",
    "пельмени",
    "вареники",
    "котлеты",
    "рыба",
    "селедка",
    "скумбрия",
    "лосось",
    "форель",
    "минтай",
    "креветки",
    "крабовые палочки",
    "тушенка",
    "консервы",
    "шпроты",
    "горошек",
    "кукуруза",
    "фасоль",
    "оливки",
    "маслины",
    "кетчуп",
    "майонез",
    "горчица",
    "соус",
    "уксус",
    "чай",
    "кофе",
    "какао",
    "сок",
    "вода",
    "газировка",
    "лимонад",
    "квас",
    "пиво",
    "вино",
    "чипсы",
    "сухарики",
    "орехи",
    "семечки",
    "мед",
    "варенье",
    "джем",
    "дрожжи",
    "корм",
    "бумага",
    "салфетки",
    "мыло",
    "шампунь",
    "порошок",
    "губки",
    "пакеты",
    "грибы",
    "шампиньоны",
    "мороженое",
    "пицца",
    "наггетсы",
    "хумус",
)

# Other words shoppers use for a staple, by lemma.
ALIASES: Final[dict[str, str]] = {
    "яичко": "яйца",
    "картофель": "картошка",
    "макарошки": "макароны",
    "молочко": "молоко",
    "хлебушек": "хлеб",
    "помидорка": "помидоры",
    "томат": "помидоры",
    "огурчик": "огурцы",
    "пивко": "пиво",
    "сосиска": "сосиски",
    "банан": "бананы",
    "яблоко": "яблоки",
    "гречневый": "гречка",
    # Colloquial and slang names («греча», «макарохи», «картоха», «чипы»).
    "греча": "гречка",
    "макароха": "макароны",
    "макороха": "макароны",
    "картоха": "картошка",
    "чип": "чипсы",
    "морковка": "морковь",
    "курочка": "курица",
    "сметанка": "сметана",
    "капустка": "капуста",
    # A misspelling pymorphy3's dictionary holds as a word, so the typo path never sees it.
    "винград": "виноград",
}

# Food emoji a shopper may send instead of words («🥛🍞🥚»); a segment made only of these names
# the products. Only unambiguous ones: 🥤 or 🍽 say nothing about what to buy.
EMOJI_WORDS: Final[dict[str, str]] = {
    "🥛": "молоко",
    "🍞": "хлеб",
    "🥖": "батон",
    "🥚": "яйца",
    "🧀": "сыр",
    "🧈": "масло сливочное",
    "🍌": "бананы",
    "🍎": "яблоки",
    "🍏": "яблоки",
    "🍐": "груши",
    "🍊": "апельсины",
    "🍋": "лимоны",
    "🍇": "виноград",
    "🍓": "клубника",
    "🥝": "киви",
    "🍉": "арбуз",
    "🥔": "картофель",
    "🍅": "помидоры",
    "🥒": "огурцы",
    "🥕": "морковь",
    "🧅": "лук",
    "🧄": "чеснок",
    "🥦": "брокколи",
    "🍄": "грибы",
    "🍗": "курица",
    "🥩": "мясо",
    "🐟": "рыба",
    "🍚": "рис",
    "🍝": "макароны",
    "🍫": "шоколад",
    "🍪": "печенье",
    "🍯": "мёд",
    "🧂": "соль",
    "☕": "кофе",
    "🍵": "чай",
    "💧": "вода",
}

# Nouns that never name a product: chit-chat, instructions to a model, filler.
NON_PRODUCTS: Final[frozenset[str]] = frozenset(
    lemma(word)
    for word in (
        "спасибо",
        "привет",
        "дело",
        "дела",
        "инструкция",
        "инструкции",
        "ответ",
        "стих",
        "бот",
        "модель",
        "промпт",
        "сообщение",
        "формат",
        "задача",
        "система",
        "правило",
        "текст",
        "пользователь",
        "день",
        "неделя",
        "вечер",
        "утро",
        "раз",
        "список",
        "магазин",
        "покупка",
        "покупки",
        "закупка",
        "закупки",
        "продукты",
        "шопинг",
        "друг",
        "мама",
        "папа",
        "пожалуйста",
        "помощь",
        "вопрос",
        "погода",
        "время",
        "штука",
        "категория",
        "процент",
        "пара",
        "десяток",
        "дюжина",
        "выходные",
        "праздник",
        "ужин",
        "обед",
        "завтрак",
        "дом",
        "человек",
        "спасибочки",
        "пока",
        "ладно",
        "хорошо",
        "json",
        "код",
        "шутка",
        "анекдот",
        "роль",
        "заказ",
        "всё",
        "все",
        "кило",
        "пол",
        "неделю",
        "сегодня",
        "завтра",
        "рубль",
    )
)


@dataclass(frozen=True)
class Vocabulary:
    """Canonical product nouns by lemma, and brand aliases by folded spelling."""

    nouns: dict[str, str] = field(default_factory=dict)
    brands: dict[str, str] = field(default_factory=dict)
    brand_pattern: re.Pattern[str] = field(init=False, repr=False, compare=False)
    fuzzy_choices: tuple[str, ...] = field(init=False, repr=False, compare=False)
    # The rules parser's memos for this vocabulary: per word, the word after typo correction
    # and the product noun it names; per segment, what the segment says (parser.rules).
    heads: dict[str, tuple[str, str | None]] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )
    phrases: dict[str, Any] = field(default_factory=dict, init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        aliases = sorted(self.brands, key=len, reverse=True)
        pattern = "|".join(re.escape(alias) for alias in aliases) or r"(?!x)x"
        object.__setattr__(
            self, "brand_pattern", re.compile(rf"(?<![\w'’])(?:{pattern})(?![\w'’])")
        )
        object.__setattr__(self, "fuzzy_choices", tuple(sorted(set(self.nouns.values()))))

    @classmethod
    @cache
    def default(cls) -> Vocabulary:
        return cls(nouns=_staple_nouns(STAPLES), brands=brand_aliases())

    @classmethod
    def from_catalogue(cls, names: Iterable[str], brands: Iterable[str]) -> Vocabulary:
        """Staples plus the first noun of every catalogue name, plus catalogue brands."""
        seen: Counter[tuple[str, str]] = Counter()
        for name in names:
            for word in words(name):
                if len(word) > 2 and word.isalpha() and is_noun(word) and _cyrillic(word):
                    seen[(lemma(word), word)] += 1
                    break
        nouns: dict[str, str] = {}
        for (key, surface), _count in seen.most_common():
            nouns.setdefault(key, surface)
        nouns = {key: value for key, value in nouns.items() if key not in NON_PRODUCTS}
        nouns.update(_staple_nouns(STAPLES))
        extra = {fold(brand): brand.strip() for brand in brands if brand and brand.strip()}
        return cls(nouns=nouns, brands=brand_aliases(extra))

    def canonical_noun(self, word_lemma: str) -> str | None:
        return self.nouns.get(word_lemma)


def _cyrillic(word: str) -> bool:
    return any("а" <= char <= "я" for char in word)


def _staple_nouns(staples: Iterable[str]) -> dict[str, str]:
    table: dict[str, str] = {}
    for staple in staples:
        head = staple.split()[0] if " " not in staple else staple.split()[-1]
        table[lemma(head)] = staple
    table.update(ALIASES)
    return table


__all__ = ["NON_PRODUCTS", "STAPLES", "Vocabulary"]
