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


def _merge(base: dict, extra: dict) -> dict:
    """Snakemake's way of stacking config files: nested mappings merge, everything else is replaced."""
    out = dict(base)
    for key, value in extra.items():
        out[key] = _merge(out[key], value) if isinstance(value, dict) and isinstance(out.get(key), dict) else value
    return out


def missing_keys(config_files, schema: dict) -> list[str]:
    """Required keys that none of the ``--configfile`` files holds, as 'config key ...' lines.

    Snakemake lays those files over config/quick.yaml, so a key they lack would silently keep the quick
    profile's value in another profile's run. Files that are not YAML mappings are left to Snakemake.
    """
    merged: dict = {}
    for path in config_files:
        data = yaml.safe_load(Path(path).read_text())
        if isinstance(data, dict):
            merged = _merge(merged, data)
    validator = jsonschema.Draft202012Validator(schema)
    return sorted(f"config key '{key_path(list(err.absolute_path))}': {err.message}"
                  for err in validator.iter_errors(merged) if err.validator == "required")


def check_config_files(config_files, schema_path) -> None:
    """Raise ConfigError when the ``--configfile`` files together do not hold every key."""
    if not config_files:
        return
    schema = yaml.safe_load(Path(schema_path).read_text())
    missing = missing_keys(config_files, schema)
    if missing:
        names = ", ".join(str(path) for path in config_files)
        raise ConfigError(
            f"config file(s) {names} do not hold every key: a profile file must, or config/quick.yaml's values "
            f"would be used without a word (copy the missing keys from config/quick.yaml):\n  " + "\n  ".join(missing))
