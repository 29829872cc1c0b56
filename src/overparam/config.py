"""Config validation with messages that lead with the bad key, e.g. ``du2019.widths[0]``."""
from __future__ import annotations

from pathlib import Path

import jsonschema
import yaml


class ConfigError(ValueError):
    pass


def key_path(parts) -> str:
    out = ""
    for p in parts:
        out += f"[{p}]" if isinstance(p, int) else (f".{p}" if out else str(p))
    return out or "<top level>"


def config_errors(config: dict, schema: dict) -> list[str]:
    """Every schema violation as 'config key 'a.b[0]': message', sorted by key."""
    validator = jsonschema.Draft202012Validator(schema)
    lines = []
    for err in validator.iter_errors(config):
        path = list(err.absolute_path)
        if err.validator == "additionalProperties":
            extra = sorted(set(err.instance) - set(err.schema.get("properties", {})))
            for key in extra:
                lines.append(f"config key '{key_path(path + [key])}': unknown key "
                             f"(known: {', '.join(sorted(err.schema.get('properties', {})))})")
        elif err.validator == "required":
            lines.append(f"config key '{key_path(path)}': {err.message}")
        else:
            lines.append(f"config key '{key_path(path)}': {err.message}")
    return sorted(lines)


def validate_config(config: dict, schema_path) -> None:
    schema = yaml.safe_load(Path(schema_path).read_text())
    errors = config_errors(config, schema)
    if errors:
        raise ConfigError("invalid configuration:\n  " + "\n  ".join(errors))
