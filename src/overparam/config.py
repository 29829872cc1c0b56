"""Config validation with messages that lead with the bad key, e.g. ``du2019.widths[0]``."""
from __future__ import annotations

import math
import re
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


def _resolve(node: dict, root: dict) -> dict:
    while isinstance(node, dict) and "$ref" in node:
        target = root
        for part in node["$ref"].lstrip("#/").split("/"):
            target = target[part]
        node = {**target, **{k: v for k, v in node.items() if k != "$ref"}}
    return node


def _is_type(node: dict, name: str) -> bool:
    kind = node.get("type")
    return kind == name or (isinstance(kind, list) and name in kind)


def strict_errors(value, node: dict, root: dict, path=()) -> list[str]:
    """What JSON Schema lets through: NaN and Inf (every comparison with NaN is false, nothing caps Inf), integral
    floats where an integer is wanted (2.0 passes 'type: integer'), and names that match a pattern only up to a
    trailing newline ('$' matches before one)."""
    node = _resolve(node, root)
    key = key_path(list(path))
    errors = []
    if isinstance(value, float) and not math.isfinite(value):
        errors.append(f"config key '{key}': {value} is not a finite number")
    elif isinstance(value, float) and _is_type(node, "integer") and not _is_type(node, "number") and value.is_integer():
        errors.append(f"config key '{key}': {value!r} is not an integer (write {int(value)})")
    if isinstance(value, str) and "pattern" in node:
        anchored = node["pattern"].removeprefix("^").removesuffix("$")
        if re.search(node["pattern"], value) and not re.fullmatch(anchored, value):
            errors.append(f"config key '{key}': {value!r} does not match {node['pattern']!r} (it only matches "
                          f"up to a trailing newline or other character)")
    if isinstance(value, dict):
        properties = node.get("properties", {})
        extra = node.get("additionalProperties")
        for name, item in value.items():
            sub = properties.get(name, extra if isinstance(extra, dict) else None)
            if sub is not None:
                errors += strict_errors(item, sub, root, (*path, name))
            elif isinstance(item, float) and not math.isfinite(item):
                errors.append(f"config key '{key_path([*path, name])}': {item} is not a finite number")
    elif isinstance(value, list) and isinstance(node.get("items"), dict):
        for i, item in enumerate(value):
            errors += strict_errors(item, node["items"], root, (*path, i))
    return errors


def validate_config(config: dict, schema_path) -> None:
    schema = yaml.safe_load(Path(schema_path).read_text())
    errors = sorted(set(config_errors(config, schema)) | set(strict_errors(config, schema, schema)))
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


class _UniqueKeyLoader(yaml.SafeLoader):
    """YAML's safe loader, but a key given twice in one mapping is an error (YAML keeps the last silently)."""


def _unique_mapping(loader, node, deep=False):
    seen: dict = {}
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in seen:
            raise ConfigError(f"config file {loader.name}: key '{key}' appears twice in one mapping (lines {seen[key]} "
                              f"and {key_node.start_mark.line + 1}); YAML would keep the last without a word")
        seen[key] = key_node.start_mark.line + 1
    return yaml.SafeLoader.construct_mapping(loader, node, deep=deep)


_UniqueKeyLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _unique_mapping)


def check_duplicate_keys(config_files) -> None:
    """Raise ConfigError naming the file, the key and its lines when a config file repeats a key."""
    for path in config_files:
        path = Path(path)
        if path.is_file():
            with path.open() as stream:
                loader = _UniqueKeyLoader(stream)
                try:
                    loader.name = str(path.resolve().relative_to(Path.cwd().resolve()))
                except ValueError:
                    loader.name = str(path)
                try:
                    loader.get_single_data()
                finally:
                    loader.dispose()
