"""The same page as JSON (`?format=json`) or, for lists, CSV (`?format=csv`)."""
from __future__ import annotations

import csv
import dataclasses
import io
import json
from collections.abc import Iterable, Sequence
from typing import Any

from fastapi.responses import Response

FORMATS = ("html", "json", "csv")
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def plain(value: Any) -> Any:
    """Dataclasses (and lists/dicts of them) as JSON-ready values."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        to_dict = getattr(value, "to_dict", None)
        if callable(to_dict):
            return plain(to_dict())
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [plain(v) for v in value]
    if isinstance(value, str):
        return str(value)
    return value


def json_response(data: Any, status: int = 200) -> Response:
    body = json.dumps(plain(data), ensure_ascii=False, indent=1)
    return Response(body, status_code=status, media_type="application/json")


def _cell(value: Any) -> str:
    """A CSV cell a spreadsheet will not run as a formula."""
    if value is None:
        return ""
    if isinstance(value, (list, tuple)):
        value = "; ".join(str(v) for v in value)
    text = str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_response(filename: str, columns: Sequence[str], rows: Iterable[Any]) -> Response:
    """One row per item; each column read as an attribute (dataclass rows) or a key (dict rows)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        get = row.get if isinstance(row, dict) else lambda c, r=row: getattr(r, c, None)
        writer.writerow([_cell(get(c)) for c in columns])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'})
