"""Log lines for production: one JSON object per line, for journald or a log shipper.

Each line has `timestamp` (UTC, ISO 8601), `level`, `logger` and `message`; `exception` holds
the traceback when there is one; records about a request (Django logs every 4xx and 5xx
response) add `method`, `path`, `status` and `user_id`.
"""

import logging
from datetime import UTC, datetime
from typing import Any

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject, empty
from pythonjsonlogger.core import RESERVED_ATTRS
from pythonjsonlogger.json import JsonFormatter


def _loaded_user_id(request: HttpRequest) -> int | None:
    """The signed-in user's id if the request already looked the user up: logging must not
    query the database, which may be the very thing that failed."""
    user = getattr(request, "user", None)
    if user is None or (isinstance(user, SimpleLazyObject) and user._wrapped is empty):
        return None
    return user.pk if user.is_authenticated else None


class JsonLogFormatter(JsonFormatter):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("fmt", "{levelname}{name}{message}")
        kwargs.setdefault("style", "{")
        kwargs.setdefault(
            "rename_fields", {"levelname": "level", "name": "logger", "exc_info": "exception"}
        )
        # Django passes the request object and the status along with its records: they become
        # the fields below instead of the request's repr.
        kwargs.setdefault("reserved_attrs", [*RESERVED_ATTRS, "request", "status_code"])
        super().__init__(*args, **kwargs)

    def add_fields(
        self, log_data: dict[str, Any], record: logging.LogRecord, message_dict: dict[str, Any]
    ) -> None:
        log_data["timestamp"] = datetime.fromtimestamp(record.created, tz=UTC).isoformat(
            timespec="milliseconds"
        )
        super().add_fields(log_data, record, message_dict)
        request = getattr(record, "request", None)
        if isinstance(request, HttpRequest):
            log_data["method"] = request.method
            log_data["path"] = request.path
            user_id = _loaded_user_id(request)
            if user_id is not None:
                log_data["user_id"] = user_id
        status = getattr(record, "status_code", None)
        if status is not None:
            log_data["status"] = status
