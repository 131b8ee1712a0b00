"""Canonical forms shared by the rules parser and the fine-tuning data generator.

One source of truth for units, egg grades, price words, brands and the canonical item name.
"""

from __future__ import annotations

import re
from typing import Final

from catalog.text import fold
from parser.models import EggGrade, PriceCategory, Unit

# Unit spellings in every case the shoppers write them, folded (ё → е).
_UNIT_FORMS: Final[dict[Unit, tuple[str, ...]]] = {
    "шт": ("шт", "штук", "штуки", "штука", "штуку", "штучки", "штучек", "pcs"),
    "кг": ("кг", "кило", "килограмм", "килограмма", "килограммов", "кгр", "kg"),
    "г": ("г", "гр", "грамм", "грамма", "граммов", "грам", "g"),
    "л": ("л", "литр", "литра", "литров", "литре", "литру", "l"),
    "мл": ("мл", "миллилитров", "миллилитра", "ml"),
    "уп": (
        "уп",
        "упак",
        "упаковка",
        "упаковки",
        "упаковку",
        "упаковок",
        "пачка",
        "пачки",
        "пачку",
        "пачек",
        "пакет",
        "пакета",
        "пакетов",
        "пакетик",
        "пакетика",
        "пакетиков",
        "коробка",
        "коробки",
        "коробку",
        "коробок",
        "бутылка",
        "бутылки",
        "бутылку",
        "бутылок",
        "бутылочку",
        "бутылочки",
        "банка",
        "банки",
        "банку",
        "банок",
        "баночку",
        "баночки",
    ),
}
_PIECE_WORDS: Final = (
    "рулон",
    "рулона",
    "рулонов",
    "рулоны",
    "головка",
    "головки",
    "головок",
    "кочан",
    "кочана",
    "кочанов",
)

UNIT_WORDS: Final[dict[str, Unit]] = {
    form: unit for unit, forms in _UNIT_FORMS.items() for form in forms
} | {form: "шт" for form in _PIECE_WORDS}

MEASURE_UNITS: Final[frozenset[Unit]] = frozenset({"кг", "г", "л", "мл"})


def canonical_unit(word: str) -> Unit | None:
    """The canonical unit of a spelled unit («литра» → л, «пачки» → уп), or None."""
    return UNIT_WORDS.get(fold(word).rstrip("."))


def canonical_quantity(quantity: float) -> float | int:
    """Whole quantities as ints (2.0 → 2), others rounded to 3 decimals."""
    rounded = round(quantity, 3)
    return int(rounded) if rounded == int(rounded) else rounded


# Shops write С0 (zero) for СО; shoppers type Latin look-alikes.
_LOOKALIKE: Final = str.maketrans({"c": "с", "o": "о", "0": "о", "b": "в", "в": "в"})
_GRADES: Final[frozenset[str]] = frozenset({"СО", "СВ", "С1", "С2", "С3"})


def egg_grade(token: str) -> EggGrade | None:
    """The canonical egg grade of a token: «с0», «C0», «co», «СО» → СО; «cв» → СВ."""
    compact = fold(token).replace("-", "").replace(" ", "").translate(_LOOKALIKE).upper()
    if compact in _GRADES:
        return compact  # type: ignore[return-value]
    return None


_MEDIUM: Final = re.compile(r"\bне\s+(?:сам\w*\s+)?(?:дешев|дорог)\w*|\bсредн\w*")
_CHEAP: Final = re.compile(r"\b(?:по)?дешев\w*|\bнедорог\w*|\bэконом\w*|\bбюджетн\w*|\bподешевк\w*")
_EXPENSIVE: Final = re.compile(
    r"\b(?:подорож\w*|дорог\w*|премиум\w*|хорош\w*|качествен\w*|элитн\w*|лучш\w*)"
)
PRICE_WORDS: Final = re.compile(
    rf"(?:\bсам\w*\s+)?(?:{_MEDIUM.pattern}|{_CHEAP.pattern}|{_EXPENSIVE.pattern})"
    r"|\bлюб\w*"
)


# Stems every price word holds: a cheap pre-check before the full price regexes.
PRICE_STEMS: Final = "дешев|дорог|дорож|эконом|бюджет|премиум|хорош|качеств|элитн|лучш|средн|люб"
_PRICE_HINT: Final = re.compile(PRICE_STEMS)


def mentions_price(folded: str) -> bool:
    """Whether a folded phrase may hold a price word."""
    return _PRICE_HINT.search(folded) is not None


def price_category(text: str) -> PriceCategory | None:
    """The price category a phrase asks for; «любой» and silence give None."""
    folded = fold(text)
    if _MEDIUM.search(folded):
        return "medium"
    if _CHEAP.search(folded):
        return "cheap"
    if _EXPENSIVE.search(folded):
        return "expensive"
    return None


# Built-in brands with the spellings shoppers use; the catalogue adds its own.
BUILTIN_BRANDS: Final[dict[str, tuple[str, ...]]] = {
    "Lay's": ("lays", "lay's", "lay’s", "лейс", "лейз", "лэйс", "лейса", "лейсы"),
    "Pringles": ("pringles", "принглс", "принглз", "принглса"),
    "Coca-Cola": (
        "coca-cola",
        "cocacola",
        "coca",
        "кока-кола",
        "кока-колу",
        "кока-колы",
        "кокакола",
        "колу",
        "кола",
        "колы",
    ),
    "Pepsi": ("pepsi", "пепси"),
    "Fanta": ("fanta", "фанта", "фанту", "фанты"),
    "Sprite": ("sprite", "спрайт", "спрайта"),
    "Простоквашино": ("простоквашино",),
    "Домик в деревне": ("домик в деревне",),
    "Вкусвилл": ("вкусвилл",),
    "Heinz": ("heinz", "хайнц"),
    "Nestle": ("nestle", "нестле"),
    "Nescafe": ("nescafe", "нескафе"),
    "Jacobs": ("jacobs", "якобс"),
    "Lipton": ("lipton", "липтон"),
    "Greenfield": ("greenfield", "гринфилд"),
    "Milka": ("milka", "милка", "милку", "милки"),
    "Alpen Gold": ("alpen gold", "альпен гольд"),
    "Барилла": ("barilla", "барилла", "бариллу", "бариллы"),
    "Махеев": ("махеев",),
    "Мираторг": ("мираторг", "miratorg"),
    "Агуша": ("агуша", "агушу"),
    "Danone": ("danone", "данон"),
    "Активиа": ("activia", "активиа", "активия"),
    "Чудо": ("чудо",),
    "Hochland": ("hochland", "хохланд"),
    "President": ("president", "президент"),
    "Valio": ("valio", "валио"),
    "Carte Noire": ("carte noire", "карт нуар"),
    "Kinder": ("kinder", "киндер"),
    "Snickers": ("snickers", "сникерс", "сникерса", "сникерсы"),
    "Bonduelle": ("bonduelle", "бондюэль"),
    "Rich": ("rich", "рич"),
    "J7": ("j7", "джей севен"),
    "Zewa": ("zewa", "зева"),
    "Tide": ("tide", "тайд"),
    "Fairy": ("fairy", "фейри"),
}


def brand_aliases(extra: dict[str, str] | None = None) -> dict[str, str]:
    """Folded alias → canonical brand, built-in first, catalogue brands on top."""
    table = {fold(alias): brand for brand, aliases in BUILTIN_BRANDS.items() for alias in aliases}
    table.update({fold(brand): brand for brand in BUILTIN_BRANDS})
    if extra:
        table.update(extra)
    return table


def canonical_brand(token: str, aliases: dict[str, str] | None = None) -> str | None:
    """The canonical brand for a spelling («лейс» → Lay's), or None."""
    return (aliases or _DEFAULT_ALIASES).get(fold(token).strip())


_DEFAULT_ALIASES: Final = brand_aliases()


def format_fat(fat_percent: float) -> str:
    """«3.2%», «15%»: a point as the decimal separator, no trailing zero."""
    return f"{canonical_quantity(fat_percent)}%"


def item_name(
    noun_phrase: str,
    *,
    fat_percent: float | None = None,
    egg_grade: EggGrade | None = None,
    brand: str | None = None,
) -> str:
    """The canonical item name: the nominative phrase, then brand, fat % and egg grade.

    ``item_name("молоко", fat_percent=3.2)`` → «молоко 3.2%»; ``item_name("яйца",
    egg_grade="СО")`` → «яйца СО»; ``item_name("чипсы", brand="Lay's")`` → «чипсы Lay's».
    """
    parts = [noun_phrase.strip()]
    if brand and brand not in noun_phrase:
        parts.append(brand)
    if fat_percent is not None:
        parts.append(format_fat(fat_percent))
    if egg_grade:
        parts.append(egg_grade)
    return " ".join(part for part in parts if part)


def name_key(name: str) -> str:
    """A comparison key for item names: folded, ё → е, С0 → СО, spacing squeezed."""
    words = fold(name).replace(",", ".").split()
    return " ".join((grade.lower() if (grade := egg_grade(word)) else word) for word in words)
