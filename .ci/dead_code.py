"""The dead-code check of ``make lint``: vulture, configured in pyproject.toml ([tool.vulture]).

Reports the definitions vulture can judge — functions, methods, classes, properties, imports and
unreachable code — and leaves out class-level names and attributes (model and form fields,
choices, Meta options, dataclass fields): Django, Wagtail and the templates read those by name,
which vulture cannot see; unused local variables are ruff's (F841). What Django or Wagtail calls
by name is listed in vulture_whitelist.py. Exits 1 if anything is reported.
"""

import sys

from vulture.config import make_config
from vulture.core import Vulture

JUDGED = {"function", "method", "class", "property", "import", "unreachable_code"}


def main() -> int:
    config = make_config()
    vulture = Vulture(
        ignore_names=config["ignore_names"], ignore_decorators=config["ignore_decorators"]
    )
    vulture.scavenge(config["paths"], exclude=config["exclude"])
    found = [
        item
        for item in vulture.get_unused_code(min_confidence=config["min_confidence"])
        if item.typ in JUDGED
    ]
    for item in found:
        print(item.get_report())
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
