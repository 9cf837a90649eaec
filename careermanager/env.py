"""Typed readers for configuration from the environment.

Each reader accepts `NAME` or, for secrets kept in files, `NAME_FILE` (a path whose contents
are the value). A value that cannot be read as the asked type stops start-up with a message
naming the variable, rather than running with a surprise.
"""

import os
from decimal import Decimal, InvalidOperation
from pathlib import Path

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class ConfigurationError(Exception):
    """A setting in the environment has a value we cannot use."""


def _raw(name: str) -> str | None:
    file_name = os.environ.get(f"{name}_FILE")
    if file_name:
        try:
            return Path(file_name).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigurationError(f"{name}_FILE: cannot read {file_name}: {exc}") from exc
    return os.environ.get(name)


def env_str(name: str, default: str = "") -> str:
    """Return the variable as text, or the default when unset."""
    value = _raw(name)
    return default if value is None else value


def env_bool(name: str, default: bool = False) -> bool:
    """Return the variable as a boolean (true/false, yes/no, on/off, 1/0)."""
    value = _raw(name)
    if value is None:
        return default
    lowered = value.strip().lower()
    if lowered in _TRUE:
        return True
    if lowered in _FALSE:
        return False
    raise ConfigurationError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int, *, minimum: int | None = None) -> int:
    """Return the variable as an integer, checking a lower bound when given."""
    value = _raw(name)
    if value is None or value.strip() == "":
        return default
    try:
        number = int(value)
    except ValueError as exc:
        raise ConfigurationError(f"{name} must be a whole number, not {value!r}") from exc
    if minimum is not None and number < minimum:
        raise ConfigurationError(f"{name} must be at least {minimum}, not {number}")
    return number


def env_decimal(name: str, default: str, *, minimum: str, maximum: str) -> Decimal:
    """Return the variable as an exact decimal number within the given bounds."""
    value = _raw(name)
    text = default if value is None or value.strip() == "" else value.strip()
    try:
        number = Decimal(text)
    except InvalidOperation as exc:
        raise ConfigurationError(f"{name} must be a number, not {value!r}") from exc
    if not Decimal(minimum) <= number <= Decimal(maximum):
        raise ConfigurationError(f"{name} must be between {minimum} and {maximum}, not {number}")
    return number


def env_list(name: str, default: list[str] | None = None) -> list[str]:
    """Return a comma-separated variable as a list of non-empty, stripped items."""
    value = _raw(name)
    if value is None:
        return list(default or [])
    return [item.strip() for item in value.split(",") if item.strip()]


def env_choice(name: str, choices: tuple[str, ...], default: str) -> str:
    """Return the variable if it is one of the choices."""
    value = env_str(name, default).strip().lower()
    if value not in choices:
        raise ConfigurationError(f"{name} must be one of {', '.join(choices)}, not {value!r}")
    return value


def generated_secret(path: Path) -> str:
    """Return the secret stored at path, creating a random one on first use."""
    if path.exists():
        return path.read_text(encoding="utf-8").strip()
    import secrets

    path.parent.mkdir(parents=True, exist_ok=True)
    value = secrets.token_urlsafe(50)
    path.write_text(value, encoding="utf-8")
    path.chmod(0o600)
    return value
