"""basket ids are 63-bit: made by the service, not by the database

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-29
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # SQLite's INTEGER PRIMARY KEY already holds 64 bits; PostgreSQL's integer does not.
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("basket", "id", type_=sa.BigInteger(), existing_type=sa.Integer())


def downgrade() -> None:
    if op.get_bind().dialect.name != "sqlite":
        op.alter_column("basket", "id", type_=sa.Integer(), existing_type=sa.BigInteger())
