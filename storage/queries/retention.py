"""Retention's sweep: an identifier replaced in every text and JSON column of every table."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import JSON, String, Table, TypeDecorator, cast, func, select, update
from sqlalchemy.types import TypeEngine
from sqlmodel import Session, SQLModel

import storage.tables  # noqa: F401 (every table in the metadata)
from storage.tenancy import own_rows


def replace_everywhere(*, session: Session, old: str, new: str, text_columns: bool = True) -> None:
    """Replace `old` with `new` in every JSON column (and, unless told otherwise, every text column) of every
    table: a departed person's Slack id in `meeting.logged_by`, `outbox_message.recipient`, an outbox payload,
    an audit detail... A new table is covered without anyone remembering to add it here."""
    for table in SQLModel.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, JSON):
                _replace_in_json(session, table, column.name, old, new)
            elif text_columns and _is_text(column.type):
                session.execute(update(table).where(column.contains(old, autoescape=True), *own_rows(table))
                                .values({column.name: func.replace(column, old, new)}))


def _is_text(kind: TypeEngine[Any]) -> bool:
    return isinstance(kind.impl if isinstance(kind, TypeDecorator) else kind, String)  # SQLModel's AutoString


def _replace_in_json(session: Session, table: Table, name: str, old: str, new: str) -> None:
    column, keys = table.c[name], list(table.primary_key.columns)
    stored_forms = {old, json.dumps(old)[1:-1]}  # as typed, and as json.dumps escapes it
    for form in stored_forms:
        rows = session.execute(select(*keys, column).where(cast(column, String).contains(form, autoescape=True),
                                                           *own_rows(table)))
        for *key, value in rows.all():
            session.execute(update(table).where(*(k == v for k, v in zip(keys, key)))
                            .values({name: _replaced(value, old, new)}))


def _replaced(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, list):
        return [_replaced(item, old, new) for item in value]
    if isinstance(value, dict):
        return {_replaced(k, old, new): _replaced(v, old, new) for k, v in value.items()}
    return value
