"""The deterministic Russian shopping-list parser: pure, synchronous, never raises."""

from __future__ import annotations

import logging
import re
from functools import lru_cache
from typing import Final, NamedTuple, TypeVar, cast

from rapidfuzz import fuzz, process

from catalog.text import fold
from parser.models import EggGrade, Intent, ParsedList, PriceCategory, ShoppingItem, Unit
from parser.morph import analyzer, is_noun, lemma, lemma_options
from parser.normalize import (
    MEASURE_UNITS,
    PRICE_STEMS,
    PRICE_WORDS,
    UNIT_WORDS,
    canonical_quantity,
    canonical_unit,
    egg_grade,
    item_name,
    mentions_price,
    price_category,
)
from parser.vocabulary import EMOJI_WORDS, NON_PRODUCTS, Vocabulary
from stores.offer import PackSize

log = logging.getLogger(__name__)

MAX_TEXT = 4000
MAX_ITEMS = 40

_BULLET: Final = re.compile(r"^\s*(?:\d{1,2}\s*[.)](?!\d)|[-*•—–·▪►✓✔]+)\s*", re.MULTILINE)
# Every branch opens with a concrete character so the engine can skip ahead to candidates;
# a comma splits unless it sits between two digits («3,2%»).
_SPLIT: Final = re.compile(r"[\n;]+|,(?!(?<=\d,)\d)|\s+(?:и|а\s+также|плюс)\s+")
_EMOJI: Final = re.compile(
    "[\U0001f000-\U0001faff\u2600-\u27bf\ufe0f\u200d\u2300-\u23ff\u2b00-\u2bff]+"
)
_INJECTION: Final = re.compile(
    r"игнорир|забудь|инструкц|промпт|prompt|ignore|system|систем\w* сообщ|"
    r"ты теперь|притворись|выведи|напиши (?:стих|код|рассказ|мне)|json|верни|ответь|"
    r"предыдущ\w* (?:указан|правил)|roleplay|jailbreak|удали все"
)
# A greeting opening a line, with the punctuation glued to it («доброе утро) мука»).
_GREETING: Final = re.compile(
    r"^\s*(?:всем\s+)?(?:привет\w*|здравствуй\w*|здраст?е|здрасьте|салют|хай|хей|хэй|"
    r"hello|hi|hey|добр(?:ый|ое|ой|ого)\s+(?:утр[оа]|день|дня|вечер|вечера|ночи|времени\s+суток))"
    r"(?![a-zа-я0-9])(?:\s+всем(?![a-zа-я0-9]))?[\s)(!.,:;]*"
)
# Conditions and promotions that qualify an item but are no part of its name.
_DEAL: Final = re.compile(
    r"\bпо\s+(?:акци\w*|скидк\w*)|\bакционн\w*|\bсо?\s+скидк\w*"
    r"|\bесли\s+(?:есть|будет|будут|найдешь|найдется|найдутся)\b"
    r"|\bлюб\w*\s+(?:марк\w*|фирм\w*|производител\w*|бренд\w*)"
    r"|\bкак(?:ой|ая|ое|ие|ую)\s+(?:есть|будет|будут|найдешь)\b|\bна\s+выбор\b"
)
_DEAL_STEMS: Final = "акци|скидк|если|марк|фирм|производ|бренд|есть|буд|выбор"
_DEAL_HINT: Final = re.compile(_DEAL_STEMS)
# Most segments hold no deal and no price word: one search rules both out.
_QUALIFIER_HINT: Final = re.compile(f"{_DEAL_STEMS}|{PRICE_STEMS}")
_QUESTION: Final = re.compile(r"^\s*(?:как|что|почему|зачем|кто|когда|ты|вы)\b.*\?\s*$")
_CHEAPEST: Final = re.compile(
    r"(?<!не )\bсам(?:ый|ая|ое|ые|ую|ого|ой|ых)\s+дешев|\bгде\s+(?:\S+\s+){0,2}(?:по)?дешевле\b|"
    r"\bгде\s+(?:купить\s+)?(?:сам\w+\s+)?дешев|\bнайди\s+(?:мне\s+)?(?:сам\w+\s+)?дешев|"
    r"\bдешевле\s+всего\b"
)
_FAT: Final = re.compile(r"(\d{1,2}(?:[.,]\d{1,2})?)\s*(?:%|процент\w*|проц\b)")
_TIMES: Final = re.compile(r"(\d+)\s*(?:шт\.?|штук\w*)?\s*[xх×*]\s*(\d+(?:[.,]\d+)?)\s*([a-zа-я]+)")
_HALF: Final = re.compile(r"\bпол[\s-]?(кило|килограмма|литра|литр|л|кг)\b|\bполлитра\b")
_EGG_WORDS: Final = re.compile(
    r"\b(?:отборн\w*)|\bвысш\w*\s+категори\w*|\bкатегори\w*\s+([сc][\s-]?[0-3оoвb])\b"
    r"|(?<![a-zа-я0-9])([сc][\s-]?[0-3оoвb])(?![a-zа-я0-9])"
)
_EGGS: Final = re.compile(r"\bя[йи][цч]|\bяйк")
_LABEL: Final = re.compile(r"^[^:]{0,40}:")
_DIGIT: Final = re.compile(r"\d")
_TOKEN: Final = re.compile(r"\d+(?:[.,]\d+)?|[a-zа-я][a-zа-я'’\-]*")

_NUMBER_WORDS: Final[dict[str, float]] = {
    "один": 1,
    "одна": 1,
    "одну": 1,
    "одно": 1,
    "два": 2,
    "две": 2,
    "три": 3,
    "четыре": 4,
    "пять": 5,
    "шесть": 6,
    "семь": 7,
    "восемь": 8,
    "девять": 9,
    "десять": 10,
    "пара": 2,
    "пару": 2,
    "парочку": 2,
    "полтора": 1.5,
    "полторы": 1.5,
    "пол": 0.5,
    "половину": 0.5,
    "половинку": 0.5,
}
_MULTIPLIERS: Final[dict[str, float]] = {
    "десяток": 10,
    "десятка": 10,
    "десятков": 10,
    "десятком": 10,
    "дюжина": 12,
    "дюжину": 12,
    "дюжины": 12,
    "дюжин": 12,
}
_FILLER: Final[frozenset[str]] = frozenset(
    [
        "привет",
        "здравствуй",
        "здравствуйте",
        "добрый",
        "день",
        "вечер",
        "утро",
        "пожалуйста",
        "плиз",
        "пж",
        "пжлст",
        "купи",
        "купить",
        "купите",
        "возьми",
        "возьмите",
        "взять",
        "закажи",
        "заказать",
        "добавь",
        "добавить",
        "надо",
        "нужно",
        "нужен",
        "нужна",
        "нужны",
        "хочу",
        "хотим",
        "еще",
        "также",
        "тоже",
        "мне",
        "нам",
        "нас",
        "домой",
        "магазин",
        "магазине",
        "список",
        "списку",
        "неделю",
        "неделя",
        "завтра",
        "сегодня",
        "на",
        "в",
        "во",
        "с",
        "со",
        "для",
        "к",
        "по",
        "из",
        "от",
        "до",
        "и",
        "или",
        "а",
        "ну",
        "так",
        "вот",
        "кстати",
        "можно",
        "бы",
        "найди",
        "найти",
        "покажи",
        "подскажи",
        "где",
        "самый",
        "самая",
        "самое",
        "самые",
        "самую",
        "самого",
        "самой",
        "самых",
        "какой",
        "какая",
        "какое",
        "какие",
        "купим",
        "берем",
        "бери",
        "штучку",
        "сколько",
        "стоит",
        "цена",
        "цены",
        "пожалуйста",
        "давай",
        "давайте",
        "еще",
        "штуки",
        "всего",
        "вообще",
        "там",
        "тут",
        "это",
        "этот",
        "эта",
        "эти",
        "тогда",
        "потом",
    ]
)


_KEPT_PREPOSITIONS: Final = frozenset({"с", "со", "без", "для"})


class _Phrase(NamedTuple):
    """What one segment says, before it becomes a ShoppingItem."""

    head: str
    words: tuple[str, ...]
    pieces: float | None = None
    pieces_unit: Unit | None = None
    measure: float | None = None
    measure_unit: Unit | None = None
    fat_percent: float | None = None
    egg_grade: EggGrade | None = None
    brand: str | None = None
    price: PriceCategory | None = None

    @property
    def explicit(self) -> bool:
        return self.pieces is not None or self.measure is not None


def parse_rules(text: str, vocabulary: Vocabulary | None = None) -> ParsedList:
    """Parse a shopping list with rules alone. Any input gives a ParsedList, never an error."""
    try:
        return _parse(text, vocabulary or Vocabulary.default())
    except Exception:  # the contract: a shopper's text never breaks the bot
        log.exception("rules parser failed on %r", text[:200])
        return ParsedList(items=[], source="rules", warnings=["parser_error"])


def _parse(text: str, vocabulary: Vocabulary) -> ParsedList:
    text = spell_emoji(text[:MAX_TEXT])
    folded = fold(_EMOJI.sub(" ", text)).replace("\u00a0", " ")
    phrases: list[_Phrase] = []
    for line in folded.splitlines():
        line = _GREETING.sub("", line, count=1)
        if _INJECTION.search(line) or _QUESTION.match(line):
            continue
        line = _BULLET.sub("", line)
        line = _LABEL.sub("", line, count=1) if ":" in line else line
        for segment in _SPLIT.split(line):
            phrase = _phrase(segment, vocabulary)
            if phrase is None:
                continue
            if phrase.head:
                phrases.append(phrase)
            elif phrases and not phrases[-1].explicit:
                phrases[-1] = phrases[-1]._replace(
                    pieces=phrase.pieces,
                    pieces_unit=phrase.pieces_unit,
                    measure=phrase.measure,
                    measure_unit=phrase.measure_unit,
                )
    merged = _merge(phrases)[:MAX_ITEMS]
    items = [_item(phrase) for phrase in merged]
    intent: Intent = "cheapest" if len(items) == 1 and _CHEAPEST.search(folded) else "basket"
    return ParsedList(items=items, intent=intent, source="rules")


_WORD: Final = re.compile(r"[^\W\d_]{3,}")


def spell_emoji(text: str) -> str:
    """Segments made only of food emoji and amounts name their products: «🥛🍞» → «молоко,
    хлеб», «🥚 x10» → «яйца x10». Beside words («🥛 молоко») emoji stay decoration."""
    if not _EMOJI.search(text):
        return text
    lines = []
    for line in text.splitlines():
        segments = _SPLIT.split(line)
        spelled = [_spelled(segment) for segment in segments]
        lines.append(", ".join(spelled) if spelled != segments else line)
    return "\n".join(lines)


def _spelled(segment: str) -> str:
    named = [EMOJI_WORDS[char] for char in segment if char in EMOJI_WORDS]
    if not named:
        return segment
    # Words that ask how, not what («самое дешёвое 🥛», «🧀 подороже») leave it emoji-only.
    rest = PRICE_WORDS.sub(" ", _CHEAPEST.sub(" ", fold(_EMOJI.sub(" ", segment))))
    if _WORD.search(rest):
        return segment
    if len(named) == 1:
        # In place, so «самое дешёвое 🥛» reads as it would with the word.
        return _EMOJI.sub(f" {named[0]} ", segment, count=1)
    return ", ".join(named)


_MEMO_LIMIT: Final = 65_536
_MEMO_SEGMENT: Final = 100
_MISSING: Final = object()
_Value = TypeVar("_Value")


def _remember(memo: dict[str, _Value], key: str, value: _Value) -> None:
    if len(memo) >= _MEMO_LIMIT:  # a bound for a bot that runs for months
        memo.clear()
    memo[key] = value


def _phrase(segment: str, vocabulary: Vocabulary) -> _Phrase | None:
    """What a segment says, remembered per vocabulary: shoppers repeat the same phrases."""
    if len(segment) > _MEMO_SEGMENT:
        return _read_phrase(segment, vocabulary)
    found = vocabulary.phrases.get(segment, _MISSING)
    if found is _MISSING:
        found = _read_phrase(segment, vocabulary)
        _remember(vocabulary.phrases, segment, found)
    return cast(_Phrase | None, found)


def _read_phrase(segment: str, vocabulary: Vocabulary) -> _Phrase | None:
    segment = segment.strip(" .!?:\t-—–()\"'«»")
    if not segment:
        return None
    has_digit = _DIGIT.search(segment) is not None
    fat: float | None = None
    if has_digit and ("%" in segment or "проц" in segment) and (match := _FAT.search(segment)):
        fat = float(match.group(1).replace(",", "."))
        segment = _cut(segment, match)
    price: PriceCategory | None = None
    if _QUALIFIER_HINT.search(segment):
        if _DEAL_HINT.search(segment):
            segment = _DEAL.sub(" ", segment)
        if mentions_price(segment):
            price = price_category(segment)
            segment = PRICE_WORDS.sub(" ", segment)
    brand: str | None = None
    if match := vocabulary.brand_pattern.search(segment):
        brand = vocabulary.brands[match.group(0)]
        segment = _cut(segment, match)

    count: float | None = None
    count_unit: Unit | None = None
    measure: float | None = None
    measure_unit: Unit | None = None
    if has_digit and (match := _TIMES.search(segment)):
        unit = canonical_unit(match.group(3))
        if unit in MEASURE_UNITS:
            count, count_unit = float(match.group(1)), "шт"
            measure, measure_unit = float(match.group(2).replace(",", ".")), unit
            segment = _cut(segment, match)
    if "пол" in segment and (match := _HALF.search(segment)):
        measure_unit = "кг" if (match.group(1) or "л").startswith("к") else "л"
        measure = 0.5
        segment = _cut(segment, match)

    grade: EggGrade | None = None
    if "я" in segment and _EGGS.search(segment):
        grade, segment = _egg_grade(segment)
    tokens = _TOKEN.findall(segment)
    pending: float | None = None
    rest: list[str] = []
    for token in tokens:
        value = float(token.replace(",", ".")) if token[0].isdigit() else _NUMBER_WORDS.get(token)
        if token in _MULTIPLIERS:
            amount = (pending if pending is not None else 1) * _MULTIPLIERS[token]
            count, count_unit, pending = (count or 0) + amount, "шт", None
            continue
        if value is not None:
            if pending is not None and count is None:
                count, count_unit = pending, "шт"
            pending = value
            continue
        unit = UNIT_WORDS.get(token)
        # A one-letter unit («г», «л») counts only right after a number.
        if unit is not None and (pending is not None or len(token) > 1):
            amount = pending if pending is not None else 1.0
            if unit in MEASURE_UNITS:
                if measure is None:
                    measure, measure_unit = amount, unit
            elif count is None:
                count, count_unit = amount, unit
            pending = None
            continue
        if token in {"x", "х", "по"} and pending is not None:
            continue
        rest.append(token)
    if pending is not None and count is None:
        count, count_unit = pending, "шт"

    head_index, head = _head(rest, vocabulary)
    if head is None:
        if brand is None:
            # A bare quantity («яйца с1, десяток») belongs to the item before it.
            bare = _Phrase("", (), count, count_unit, measure, measure_unit)
            return bare if bare.explicit and not rest else None
        head_index, head, rest = 0, brand, [brand]
    name_words = tuple(_nominative(rest, head_index, head))
    return _Phrase(
        head=head,
        words=name_words,
        pieces=count,
        pieces_unit=count_unit,
        measure=measure,
        measure_unit=measure_unit,
        fat_percent=fat,
        egg_grade=grade,
        brand=brand,
        price=price,
    )


def _cut(segment: str, match: re.Match[str]) -> str:
    return segment[: match.start()] + " " + segment[match.end() :]


def _egg_grade(segment: str) -> tuple[EggGrade | None, str]:
    """The egg grade a segment names, and the segment without it."""
    grade: EggGrade | None = None
    for match in _EGG_WORDS.finditer(segment):
        token = match.group(0)
        if token.startswith("отборн"):
            grade = "СО"
        elif token.startswith("высш"):
            grade = "СВ"
        elif found := egg_grade(match.group(1) or match.group(2) or ""):
            grade = found
        else:
            continue
    return grade, _EGG_WORDS.sub(" ", segment) if grade else segment


_PROPER: Final = frozenset({"Geox", "Name", "Surn", "Patr", "Orgn", "Trad"})


@lru_cache(maxsize=65_536)
def _known(word: str) -> bool:
    """Whether the dictionary holds the word as a common word: a typo that happens to spell
    only a place or a name («саар», a region, for сахар) counts as unknown."""
    if not analyzer().word_is_known(word):
        return False
    return not all(_PROPER & parsed.tag.grammemes for parsed in analyzer().parse(word))


def _correct(word: str, vocabulary: Vocabulary) -> str:
    """A staple the word is a typo of («малоко» → молоко), or the word itself."""
    if len(word) < 4 or not word.isalpha():
        return word
    # Known words are corrected only when they are no noun and very close to a staple
    # («сметанна» reads as an adjective); unknown ones tolerate one slip in four letters,
    # in the word or in a nominative for it: pymorphy3's guesses («семтану» → семтана) or
    # the feminine accusative's («бумгу» → бумга).
    if _known(word):
        if is_noun(word):
            return word
        candidates: tuple[str, ...] = (word,)
        cutoff = 90.0
    else:
        candidates = (word, *lemma_options(word))
        if word[-1] in "ую":
            candidates += (word[:-1] + ("а" if word[-1] == "у" else "я"),)
        cutoff = 75.0
    for candidate in candidates:  # the word as written first: «блука» is булка, not «блук»
        found = process.extractOne(
            candidate, vocabulary.fuzzy_choices, scorer=fuzz.ratio, score_cutoff=cutoff
        )
        if found:
            return str(found[0])
    return word


def _head(rest: list[str], vocabulary: Vocabulary) -> tuple[int, str | None]:
    """The index and canonical form of the phrase's product noun; typos in the words up to
    it are corrected in place."""
    heads = vocabulary.heads
    for index, word in enumerate(rest):
        found = heads.get(word)
        if found is None:
            found = _head_word(word, vocabulary)
            _remember(heads, word, found)
        rest[index], head = found
        if head is not None:
            return index, head
    return -1, None


def _head_word(word: str, vocabulary: Vocabulary) -> tuple[str, str | None]:
    """The word after typo correction, and the product noun it names or None."""
    if word in _FILLER or len(word) < 2:
        return word, None
    word = _correct(word, vocabulary)
    if lemma(word) in NON_PRODUCTS:
        return word, None
    for option in lemma_options(word):
        if (canonical := vocabulary.canonical_noun(option)) is not None:
            return word, canonical
    if is_noun(word) and _cyrillic(word):
        return word, _nominative_noun(word)
    return word, None


def _cyrillic(word: str) -> bool:
    return any("а" <= char <= "я" for char in word)


@lru_cache(maxsize=65_536)
def _nominative_noun(word: str) -> str:
    parsed = analyzer().parse(word)[0]
    number = "plur" if "plur" in parsed.tag else "sing"
    form = parsed.inflect({"nomn", number})
    return fold(form.word if form else parsed.normal_form)


@lru_cache(maxsize=16_384)
def _agreement(head_word: str) -> tuple[bool, str | None]:
    """Whether the head noun is plural in the nominative, and its gender."""
    parses = analyzer().parse(head_word)
    parsed = next((option for option in parses if "nomn" in option.tag), parses[0])
    return "plur" in parsed.tag or "Pltm" in parsed.tag, parsed.tag.gender


@lru_cache(maxsize=65_536)
def _name_word(
    word: str, plural: bool, gender: str | None, near_head: bool
) -> tuple[str, bool] | None:
    """The word as it stands in a nominative name and whether it is an agreeing adjective;
    None when it does not belong in the name."""
    parsed = analyzer().parse(word)[0]
    if parsed.tag.POS in {"ADJF", "PRTF"} and near_head:
        wanted = {"nomn", "plur"} if plural else {"nomn", "sing", gender or "masc"}
        form = parsed.inflect(wanted)
        return (fold(form.word) if form else word), True
    return None if parsed.tag.POS != "NOUN" and _cyrillic(word) else (word, False)


def _nominative(rest: list[str], head_index: int, head: str) -> list[str]:
    """Name words in the nominative: adjectives agree with the head noun, nouns after it stay."""
    plural, gender = _agreement(head.split()[-1])
    head_lemmas = {lemma(part) for part in head.split()}
    out: list[str] = []
    for index, word in enumerate(rest):
        if index == head_index:
            out.append(head)
        elif lemma(word) in head_lemmas:
            continue
        elif index > head_index and word in _KEPT_PREPOSITIONS:
            out.append(word)
        elif word in _FILLER or (len(word) < 2 and not word.isdigit()):
            continue
        elif lemma(word) not in NON_PRODUCTS:
            found = _name_word(word, plural, gender, abs(index - head_index) <= 2)
            if found is not None and (index > head_index or found[1] or not _cyrillic(word)):
                out.append(found[0])
    return out


def _merge(phrases: list[_Phrase]) -> list[_Phrase]:
    """One product mentioned twice («яйца с0, десяток яиц») becomes one item."""
    merged: list[_Phrase] = []
    for phrase in phrases:
        for index, earlier in enumerate(merged):
            if earlier.head == phrase.head and _compatible(earlier, phrase):
                merged[index] = _combine(earlier, phrase)
                break
        else:
            merged.append(phrase)
    return merged


def _compatible(left: _Phrase, right: _Phrase) -> bool:
    if left.explicit and right.explicit:
        return False
    left_words, right_words = set(left.words), set(right.words)
    if not (left_words <= right_words or right_words <= left_words):
        return False
    return all(
        a is None or b is None or a == b
        for a, b in (
            (left.fat_percent, right.fat_percent),
            (left.egg_grade, right.egg_grade),
            (left.brand, right.brand),
        )
    )


def _combine(left: _Phrase, right: _Phrase) -> _Phrase:
    source = left if left.explicit else right
    longer = left if len(left.words) >= len(right.words) else right
    return source._replace(
        words=longer.words,
        fat_percent=left.fat_percent if left.fat_percent is not None else right.fat_percent,
        egg_grade=left.egg_grade or right.egg_grade,
        brand=left.brand or right.brand,
        price=left.price or right.price,
    )


# Below this a number is noise («молоко 0.0001»), not an amount: it would round to nothing.
MIN_AMOUNT = 0.001


def _item(phrase: _Phrase) -> ShoppingItem:
    quantity: float = 1
    unit: Unit | None = None
    pack: PackSize | None = None
    if phrase.pieces is not None and phrase.pieces >= MIN_AMOUNT:
        quantity, unit = phrase.pieces, phrase.pieces_unit
        if phrase.measure is not None and phrase.measure >= MIN_AMOUNT:
            pack = _pack(phrase.measure, phrase.measure_unit)
    elif phrase.measure is not None and phrase.measure >= MIN_AMOUNT:
        quantity, unit = phrase.measure, phrase.measure_unit
        pack = _pack(phrase.measure, phrase.measure_unit)
    noun_phrase = " ".join(phrase.words) or phrase.head
    return ShoppingItem(
        name=item_name(
            noun_phrase,
            fat_percent=phrase.fat_percent,
            egg_grade=phrase.egg_grade,
            brand=phrase.brand,
        )[:80],
        quantity=min(canonical_quantity(quantity), 1000),
        unit=unit,
        priceCategory=phrase.price,
        fat_percent=phrase.fat_percent,
        egg_grade=phrase.egg_grade,
        brand=phrase.brand,
        pack=pack,
    )


_PACK_FACTORS: Final[dict[str, tuple[float, str]]] = {
    "кг": (1, "kg"),
    "г": (0.001, "kg"),
    "л": (1, "l"),
    "мл": (0.001, "l"),
}


def _pack(amount: float, unit: Unit | None) -> PackSize | None:
    if unit not in _PACK_FACTORS:
        return None
    factor, pack_unit = _PACK_FACTORS[unit]
    return PackSize(amount=round(amount * factor, 6), unit=pack_unit)  # type: ignore[arg-type]


__all__ = ["parse_rules", "spell_emoji"]
