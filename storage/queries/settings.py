"""Program settings: an append-only history where the newest row per key is in force."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Session, col, select

from storage.tables import ProgramSetting


def get_setting(*, session: Session, key: str, default: Any = None) -> Any:
    row = session.exec(select(ProgramSetting).where(ProgramSetting.key == key)
                       .order_by(col(ProgramSetting.id).desc())).first()
    return default if row is None else row.value


def set_setting(*, session: Session, key: str, value: Any, changed_by: str, now: datetime) -> bool:
    """Record a new value (a dated program change); returns False when the value is unchanged."""
    if get_setting(session=session, key=key, default=object()) == value:
        return False
    session.add(ProgramSetting(key=key, value=value, changed_at=now, changed_by=changed_by))
    return True


def setting_history(*, session: Session, keys: list[str] | None = None) -> list[ProgramSetting]:
    query = select(ProgramSetting).order_by(col(ProgramSetting.changed_at), col(ProgramSetting.id))
    if keys is not None:
        query = query.where(col(ProgramSetting.key).in_(keys))
    return list(session.exec(query))
