"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-28
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "basket",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("items", sa.JSON(), nullable=False),
        sa.Column("chains", sa.JSON(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("basket", schema=None) as batch_op:
        batch_op.create_index("ix_basket_owner_created", ["owner", "created_at"], unique=False)

    op.create_table(
        "chain",
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("title", sa.String(length=64), nullable=False),
        sa.PrimaryKeyConstraint("code"),
    )
    op.create_table(
        "user_prefs",
        sa.Column("owner", sa.String(length=64), nullable=False),
        sa.Column("chains", sa.JSON(), nullable=True),
        sa.Column("stores", sa.JSON(), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("owner"),
    )
    op.create_table(
        "product",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_code", sa.String(length=32), nullable=False),
        sa.Column("external_id", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("norm_name", sa.String(length=400), nullable=False),
        sa.Column("brand", sa.String(length=120), nullable=True),
        sa.Column("category_path", sa.String(length=400), nullable=False),
        sa.Column("unit_basis", sa.String(length=8), nullable=False),
        sa.Column("pack_amount", sa.Float(), nullable=True),
        sa.Column("pack_unit", sa.String(length=8), nullable=True),
        sa.Column("pack_count", sa.Integer(), nullable=False),
        sa.Column("barcode", sa.String(length=32), nullable=True),
        sa.Column("url", sa.Text(), nullable=True),
        sa.Column("image", sa.Text(), nullable=True),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["chain_code"], ["chain.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chain_code", "external_id"),
    )
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.create_index("ix_product_chain_active", ["chain_code", "active"], unique=False)

    op.create_table(
        "scrape_run",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_code", sa.String(length=32), nullable=False),
        sa.Column("store_code", sa.String(length=64), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("offers_seen", sa.Integer(), nullable=False),
        sa.Column("products_new", sa.Integer(), nullable=False),
        sa.Column("prices_changed", sa.Integer(), nullable=False),
        sa.Column("deactivated", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["chain_code"], ["chain.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("scrape_run", schema=None) as batch_op:
        batch_op.create_index(
            "ix_scrape_run_chain_started", ["chain_code", "started_at"], unique=False
        )

    op.create_table(
        "store",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("chain_code", sa.String(length=32), nullable=False),
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("region", sa.String(length=200), nullable=False),
        sa.Column("address", sa.String(length=300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(["chain_code"], ["chain.code"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("chain_code", "code"),
    )
    op.create_table(
        "price_observation",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("product_id", sa.Integer(), nullable=False),
        sa.Column("store_code", sa.String(length=64), nullable=False),
        sa.Column("price_kop", sa.Integer(), nullable=False),
        sa.Column("regular_price_kop", sa.Integer(), nullable=True),
        sa.Column("card_price_kop", sa.Integer(), nullable=True),
        sa.Column("promo_label", sa.String(length=120), nullable=True),
        sa.Column("promo_end", sa.DateTime(timezone=True), nullable=True),
        sa.Column("in_stock", sa.Boolean(), nullable=False),
        sa.Column("observed_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["product_id"], ["product.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("price_observation", schema=None) as batch_op:
        batch_op.create_index("ix_price_product_time", ["product_id", "observed_at"], unique=False)

    _create_search_index()
    _seed_chains()


# The search index lives in the migration, not the models: FTS5 is SQLite's, and
# PostgreSQL gets its own (tsvector) in a migration of its own when it is used.
_FTS = [
    "CREATE VIRTUAL TABLE product_fts USING fts5("
    "norm_name, content='product', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER product_fts_ai AFTER INSERT ON product BEGIN "
    "INSERT INTO product_fts(rowid, norm_name) VALUES (new.id, new.norm_name); END",
    "CREATE TRIGGER product_fts_ad AFTER DELETE ON product BEGIN "
    "INSERT INTO product_fts(product_fts, rowid, norm_name) VALUES ('delete', old.id, old.norm_name); END",
    "CREATE TRIGGER product_fts_au AFTER UPDATE OF norm_name ON product BEGIN "
    "INSERT INTO product_fts(product_fts, rowid, norm_name) VALUES ('delete', old.id, old.norm_name); "
    "INSERT INTO product_fts(rowid, norm_name) VALUES (new.id, new.norm_name); END",
]

_CHAINS = [
    ("pyaterochka", "Пятёрочка"),
    ("magnit", "Магнит"),
    ("dixy", "Дикси"),
    ("perekrestok", "Перекрёсток"),
    ("chizhik", "Чижик"),
]


def _create_search_index() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for statement in _FTS:
            op.execute(statement)


def _seed_chains() -> None:
    chain = sa.table("chain", sa.column("code", sa.String), sa.column("title", sa.String))
    op.bulk_insert(chain, [{"code": code, "title": title} for code, title in _CHAINS])


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for name in ("product_fts_ai", "product_fts_ad", "product_fts_au"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        op.execute("DROP TABLE IF EXISTS product_fts")
    with op.batch_alter_table("price_observation", schema=None) as batch_op:
        batch_op.drop_index("ix_price_product_time")

    op.drop_table("price_observation")
    op.drop_table("store")
    with op.batch_alter_table("scrape_run", schema=None) as batch_op:
        batch_op.drop_index("ix_scrape_run_chain_started")

    op.drop_table("scrape_run")
    with op.batch_alter_table("product", schema=None) as batch_op:
        batch_op.drop_index("ix_product_chain_active")

    op.drop_table("product")
    op.drop_table("user_prefs")
    op.drop_table("chain")
    with op.batch_alter_table("basket", schema=None) as batch_op:
        batch_op.drop_index("ix_basket_owner_created")

    op.drop_table("basket")
