import pytest

from careermanager.env import (
    ConfigurationError,
    env_bool,
    env_choice,
    env_decimal,
    env_int,
    env_list,
    env_str,
    generated_secret,
)


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("Yes", True), ("0", False)])
def test_booleans(monkeypatch, raw, expected):
    monkeypatch.setenv("CM_FLAG", raw)
    assert env_bool("CM_FLAG") is expected


def test_a_bad_boolean_names_the_variable(monkeypatch):
    monkeypatch.setenv("CM_FLAG", "maybe")
    with pytest.raises(ConfigurationError, match="CM_FLAG must be true or false"):
        env_bool("CM_FLAG")


def test_integers_check_type_and_bounds(monkeypatch):
    monkeypatch.setenv("CM_N", "12")
    assert env_int("CM_N", 1) == 12
    monkeypatch.setenv("CM_N", "twelve")
    with pytest.raises(ConfigurationError, match="CM_N must be a whole number"):
        env_int("CM_N", 1)
    monkeypatch.setenv("CM_N", "0")
    with pytest.raises(ConfigurationError, match="at least 5"):
        env_int("CM_N", 10, minimum=5)


def test_secret_from_a_file(monkeypatch, tmp_path):
    secret = tmp_path / "secret"
    secret.write_text("s3cret\n")
    monkeypatch.setenv("CM_SECRET_FILE", str(secret))
    assert env_str("CM_SECRET") == "s3cret"


def test_a_missing_secret_file_fails_loudly(monkeypatch, tmp_path):
    monkeypatch.setenv("CM_SECRET_FILE", str(tmp_path / "absent"))
    with pytest.raises(ConfigurationError, match="CM_SECRET_FILE: cannot read"):
        env_str("CM_SECRET")


def test_lists_and_choices(monkeypatch):
    monkeypatch.setenv("CM_HOSTS", " a.example , ,b.example")
    assert env_list("CM_HOSTS") == ["a.example", "b.example"]
    monkeypatch.setenv("CM_MODE", "sideways")
    with pytest.raises(ConfigurationError, match="one of up, down"):
        env_choice("CM_MODE", ("up", "down"), "up")


def test_generated_secret_is_made_once_and_kept_private(tmp_path):
    path = tmp_path / "var" / "secret_key"
    first = generated_secret(path)
    assert len(first) > 50
    assert generated_secret(path) == first
    assert path.stat().st_mode & 0o077 == 0


def test_decimals_are_exact_and_bounded(monkeypatch):
    from decimal import Decimal

    assert env_decimal("CM_DAY", "7.5", minimum="1", maximum="24") == Decimal("7.5")
    monkeypatch.setenv("CM_DAY", "8")
    assert env_decimal("CM_DAY", "7.5", minimum="1", maximum="24") == Decimal(8)
    monkeypatch.setenv("CM_DAY", "a day")
    with pytest.raises(ConfigurationError, match="CM_DAY must be a number"):
        env_decimal("CM_DAY", "7.5", minimum="1", maximum="24")
    monkeypatch.setenv("CM_DAY", "30")
    with pytest.raises(ConfigurationError, match="between 1 and 24"):
        env_decimal("CM_DAY", "7.5", minimum="1", maximum="24")
