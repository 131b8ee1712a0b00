"""ORM models. Money is integer kopecks; every datetime is timezone-aware UTC."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from catalog.ids import new_basket_id
from catalog.types import UTCDateTime


def utcnow() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {
        datetime: UTCDateTime,
        dict[str, Any]: JSON,
        list[Any]: JSON,
    }


class ChainRow(Base):
    __tablename__ = "chain"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    title: Mapped[str] = mapped_column(String(64))


class StoreRow(Base):
    __tablename__ = "store"
    __table_args__ = (UniqueConstraint("chain_code", "code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain_code: Mapped[str] = mapped_column(ForeignKey("chain.code", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(200), default="")
    address: Mapped[str] = mapped_column(String(300), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)


class ProductRow(Base):
    __tablename__ = "product"
    __table_args__ = (
        UniqueConstraint("chain_code", "external_id"),
        Index("ix_product_chain_active", "chain_code", "active"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain_code: Mapped[str] = mapped_column(ForeignKey("chain.code", ondelete="CASCADE"))
    external_id: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(String(300))
    norm_name: Mapped[str] = mapped_column(String(400))
    brand: Mapped[str | None] = mapped_column(String(120), nullable=True)
    category_path: Mapped[str] = mapped_column(String(400), default="")
    unit_basis: Mapped[str] = mapped_column(String(8), default="pcs")
    pack_amount: Mapped[float | None] = mapped_column(Float, nullable=True)
    pack_unit: Mapped[str | None] = mapped_column(String(8), nullable=True)
    pack_count: Mapped[int] = mapped_column(Integer, default=1)
    barcode: Mapped[str | None] = mapped_column(String(32), nullable=True)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    image: Mapped[str | None] = mapped_column(Text, nullable=True)
    source: Mapped[str] = mapped_column(String(16), default="live")
    first_seen: Mapped[datetime] = mapped_column(default=utcnow)
    last_seen: Mapped[datetime] = mapped_column(default=utcnow)
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    prices: Mapped[list[PriceObservationRow]] = relationship(
        back_populates="product", order_by="PriceObservationRow.observed_at"
    )


class PriceObservationRow(Base):
    """One row per change of a product's price or stock, so history exists."""

    __tablename__ = "price_observation"
    __table_args__ = (Index("ix_price_product_time", "product_id", "observed_at"),)

    id: Mapped[int] = mapped_column(BigInteger().with_variant(Integer, "sqlite"), primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("product.id", ondelete="CASCADE"))
    store_code: Mapped[str] = mapped_column(String(64), default="")
    price_kop: Mapped[int] = mapped_column(Integer)
    regular_price_kop: Mapped[int | None] = mapped_column(Integer, nullable=True)
    card_price_kop: Mapped[int | None] = mapped_column(Integer, nullable=True)
    promo_label: Mapped[str | None] = mapped_column(String(120), nullable=True)
    promo_end: Mapped[datetime | None] = mapped_column(nullable=True)
    in_stock: Mapped[bool] = mapped_column(Boolean, default=True)
    observed_at: Mapped[datetime] = mapped_column(default=utcnow)

    product: Mapped[ProductRow] = relationship(back_populates="prices")


class ScrapeRunRow(Base):
    __tablename__ = "scrape_run"
    __table_args__ = (Index("ix_scrape_run_chain_started", "chain_code", "started_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    chain_code: Mapped[str] = mapped_column(ForeignKey("chain.code", ondelete="CASCADE"))
    store_code: Mapped[str] = mapped_column(String(64), default="")
    source: Mapped[str] = mapped_column(String(16), default="live")
    started_at: Mapped[datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(nullable=True)
    status: Mapped[str] = mapped_column(String(16), default="running")
    offers_seen: Mapped[int] = mapped_column(Integer, default=0)
    products_new: Mapped[int] = mapped_column(Integer, default=0)
    prices_changed: Mapped[int] = mapped_column(Integer, default=0)
    deactivated: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text, nullable=True)


class BasketRow(Base):
    """A shopper's answered list, kept so inline buttons work later and after a restart."""

    __tablename__ = "basket"
    __table_args__ = (Index("ix_basket_owner_created", "owner", "created_at"),)

    # Made in the process (time-ordered, 63 bits), so a reply need not wait for the insert.
    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"),
        primary_key=True,
        autoincrement=False,
        default=new_basket_id,
    )
    owner: Mapped[str] = mapped_column(String(64))
    text: Mapped[str] = mapped_column(Text, default="")
    items: Mapped[list[Any]] = mapped_column(default=list)
    chains: Mapped[list[Any]] = mapped_column(default=list)
    choices: Mapped[dict[str, Any]] = mapped_column(default=dict)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class UserPrefsRow(Base):
    __tablename__ = "user_prefs"

    owner: Mapped[str] = mapped_column(String(64), primary_key=True)
    chains: Mapped[list[Any] | None] = mapped_column(nullable=True)
    stores: Mapped[dict[str, Any]] = mapped_column(default=dict)
    region: Mapped[str] = mapped_column(String(200), default="")
    lat: Mapped[float | None] = mapped_column(Float, nullable=True)
    lon: Mapped[float | None] = mapped_column(Float, nullable=True)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)
