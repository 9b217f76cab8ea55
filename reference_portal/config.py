"""Variant configuration: YAML files with ``extends:`` inheritance, defaults and validation."""

from __future__ import annotations

import copy
import re
from pathlib import Path

import yaml

from reference_portal import dialects, slowness
from reference_portal.defects import DEFECTS, EVERY_PAGE
from reference_portal.i18n import LANGUAGES
from reference_portal.procedures import default_catalogue
from reference_portal.skins import SKINS

VARIANTS_DIR = Path(__file__).with_name("variants")
DEFAULT_VARIANT = "national"

DEFAULTS: dict = {
    "name": "National Public Service Portal",
    "owner": "Government Office",
    "level": "national",
    "language": "en",
    "languages": None,  # the languages a citizen may switch between; default: only `language`
    "skin": "default",  # templates + URL scheme (reference_portal/skins.py)
    # The site id of the EMC monitoring code on every page (<script data-emc-site=...>): the variant.
    "monitoring_site": "national",
    "defects": {name: [] for name in DEFECTS},
    "slow_responses_ms": 0,  # the slow switch for self-tests of speed under load (slowness.py)
    "dialects": [],  # other ways of building the same portal, all off by default (dialects.py)
    "dialect_options": {},  # per dialect that applies to listed procedures: their codes
}
# Keys that describe the running instance rather than the portal; create_app accepts them too.
RUNTIME_KEYS = {"data_dir", "secret_key"}
TEXT_KEYS = ("name", "owner", "level", "language", "skin", "monitoring_site")
MONITORING_SITE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")


class ConfigError(ValueError):
    """The variant is invalid; the message names the offending key."""


def deep_merge(base: dict, override: dict) -> dict:
    """Merge ``override`` into a copy of ``base``: mappings merge, everything else replaces."""
    merged = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def _resolve(ref: str, relative_to: Path | None, key: str = "extends") -> Path:
    """A variant reference is a name in ``variants/`` or a path (relative to the extending file)."""
    candidate = Path(ref)
    if relative_to is not None and not candidate.is_absolute():
        candidate = relative_to.parent / candidate
    if candidate.suffix in (".yaml", ".yml") and candidate.is_file():
        return candidate
    named = VARIANTS_DIR / f"{ref}.yaml"
    if named.is_file():
        return named
    known = sorted(p.stem for p in VARIANTS_DIR.glob("*.yaml"))
    raise ConfigError(f"{key}: unknown variant '{ref}' (known variants: {', '.join(known)})")


def _load_file(path: Path, seen: tuple[Path, ...] = ()) -> dict:
    path = path.resolve()
    if path in seen:
        raise ConfigError(f"extends: circular inheritance through {path}")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read variant {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: a variant must be a mapping of keys")
    parent_ref = data.pop("extends", None)
    if parent_ref is None:
        return data
    parent = _load_file(_resolve(str(parent_ref), path), (*seen, path))
    return deep_merge(parent, data)


def load_variant(name: str | None = None, path: str | Path | None = None) -> dict:
    """Load a variant by name (``variants/<name>.yaml``) or from a file; returns a validated dict."""
    if path is not None:
        file = Path(path)
        if not file.is_file():
            raise ConfigError(f"config file not found: {file}")
    else:
        file = _resolve(name or DEFAULT_VARIANT, None, key="variant")
    return normalize(_load_file(file))


def normalize(config: dict) -> dict:
    """Apply defaults and validate; idempotent, so create_app can call it on any dict."""
    config = dict(config)
    config.pop("extends", None)  # already resolved by load_variant; a bare dict may not use it
    unknown = sorted(set(config) - set(DEFAULTS) - RUNTIME_KEYS)
    if unknown:
        raise ConfigError(f"unknown config key '{unknown[0]}' (known keys: {', '.join(sorted(DEFAULTS))})")
    merged = deep_merge(DEFAULTS, config)
    for key in TEXT_KEYS:
        if not isinstance(merged[key], str) or not merged[key].strip():
            raise ConfigError(f"{key}: must be a non-empty text")
    if not MONITORING_SITE.fullmatch(merged["monitoring_site"]):
        raise ConfigError(
            f"monitoring_site: letters, digits, '_', '.' and '-' only (got '{merged['monitoring_site']}')"
        )
    if merged["language"] not in LANGUAGES:
        raise ConfigError(
            f"language: unknown language '{merged['language']}' (known: {', '.join(LANGUAGES)})"
        )
    languages = merged["languages"] or [merged["language"]]
    if not isinstance(languages, list) or any(lang not in LANGUAGES for lang in languages):
        raise ConfigError(f"languages: must be a list of languages from {', '.join(LANGUAGES)}")
    if merged["language"] not in languages:
        raise ConfigError(f"languages: must include the portal's language '{merged['language']}'")
    merged["languages"] = list(dict.fromkeys(languages))
    if merged["skin"] not in SKINS:
        raise ConfigError(f"skin: unknown skin '{merged['skin']}' (known skins: {', '.join(SKINS)})")
    try:
        merged["slow_responses_ms"] = slowness.validate(merged["slow_responses_ms"])
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    defects = merged["defects"]
    if not isinstance(defects, dict):
        raise ConfigError(
            f"defects: must be a mapping of defect name to a list of procedure codes (or '{EVERY_PAGE}')"
        )
    catalogue = default_catalogue()
    for defect, codes in defects.items():
        if defect not in DEFECTS:
            raise ConfigError(f"defects.{defect}: unknown defect (known defects: {', '.join(DEFECTS)})")
        if codes is None:
            codes = []
        if codes == EVERY_PAGE:  # a bare "*" reads as the list ["*"]
            codes = [EVERY_PAGE]
        if not isinstance(codes, list):
            raise ConfigError(f"defects.{defect}: must be a list of procedure codes")
        for code in codes:
            if str(code) != EVERY_PAGE and str(code) not in catalogue.online_codes:
                raise ConfigError(
                    f"defects.{defect}: unknown procedure code '{code}' "
                    f"(online procedures: {', '.join(sorted(catalogue.online_codes))}, "
                    f"or '{EVERY_PAGE}' for every page)"
                )
        defects[defect] = [str(c) for c in codes]
    try:
        merged["dialects"], merged["dialect_options"] = dialects.validate(
            merged["dialects"], merged["dialect_options"], catalogue.online_codes, merged["skin"]
        )
    except ValueError as exc:
        raise ConfigError(str(exc)) from None
    return merged
