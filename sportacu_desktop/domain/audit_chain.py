"""The audit trail's hash chain: how one event's hash is computed from its content.

Kept free of SQL so the service that appends events, the check that walks the chain
and a migration that records events all hash exactly the same way.
"""

import hashlib
import json
from datetime import UTC, datetime

GENESIS = "0" * 64


def event_digest(
    *,
    id: int,
    occurred_at: datetime,
    actor: str,
    action: str,
    patient_id: int | None,
    entity: str,
    entity_id: int | None,
    detail: str,
    prev_hash: str,
) -> str:
    stamp = occurred_at if occurred_at.tzinfo else occurred_at.replace(tzinfo=UTC)
    payload = json.dumps(
        [
            id,
            stamp.astimezone(UTC).isoformat(timespec="microseconds"),
            actor,
            action,
            patient_id,
            entity,
            entity_id,
            detail,
            prev_hash,
        ],
        ensure_ascii=False,
        separators=(",", ":"),
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()
