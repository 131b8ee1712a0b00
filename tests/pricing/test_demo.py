"""The issue's sample list over the real embedded demo catalogue."""

from __future__ import annotations

from pathlib import Path

from catalog.db import Database
from catalog.demo import load_demo
from deshevle.service import Deshevle
from deshevle.settings import Settings
from pricing.models import BasketAnswer, CheapestAnswer
from stores.chains import SEED_CHAINS

SAMPLE = "молоко 3.2%, хлеб, яйца дорогие, чипсы lays"


async def test_sample_list_over_the_demo_catalogue(database: Database, tmp_path: Path) -> None:
    async with database.transaction() as session:
        await load_demo(session)
    settings = Settings(_env_file=None, data_dir=tmp_path, parser="rules")  # type: ignore[call-arg]
    service = await Deshevle.create(settings, database)

    answer = await service.answer(SAMPLE, "cli")
    assert isinstance(answer, BasketAnswer) and answer.demo
    assert {basket.chain for basket in answer.baskets} == set(SEED_CHAINS)
    totals = [basket.total_kop for basket in answer.baskets if basket.complete]
    assert totals == sorted(totals) and totals
    for basket in answer.baskets:
        for line in basket.lines:
            name = line.product.name.lower()
            if line.item.name.startswith("молоко"):
                assert name.startswith("молоко") and "3,2%" in name.replace("3.2%", "3,2%")
            elif line.item.name == "хлеб":
                assert not name.startswith("хлебцы")
            elif line.item.name == "яйца":
                assert "перепел" not in name and name.startswith("яй")
            else:
                assert "lay" in name and name.startswith("чипсы")
            assert line.line_total_kop == int(line.packs) * line.product.price_kop

    cheapest = await service.answer("самое дешёвое молоко", "cli")
    assert isinstance(cheapest, CheapestAnswer) and cheapest.offers
    names = [offer.name.lower() for offer in cheapest.offers]
    assert all(name.startswith("молоко") for name in names), names
    units = [offer.unit_price_kop or 0 for offer in cheapest.offers if offer.unit_basis == "l"]
    assert units == sorted(units)
