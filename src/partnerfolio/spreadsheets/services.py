"""What the import's modules share: values as the §8 document writes them."""

from __future__ import annotations

import json
from typing import Any

from partnerfolio.interchange.export import json_value


def jsonable(value: Any) -> Any:
    """Dates and codes as the document writes them."""
    return json.loads(json.dumps(value, default=json_value))
