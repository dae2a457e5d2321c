"""Place names the country has, from pythainlp's corpora: provinces and districts (อำเภอ), longest
first so a regex alternation or a prefix test takes the whole name."""

from __future__ import annotations

from functools import lru_cache

from parsers.knowledge.vocab import NOT_DISTRICT_NAMES


@lru_cache(maxsize=1)
def province_names() -> tuple[str, ...]:
    from pythainlp.corpus import provinces  # deferred: the corpus loads on first use

    return tuple(sorted((p["name_th"] for p in provinces(details=True)), key=len, reverse=True))


@lru_cache(maxsize=1)
def district_names() -> tuple[str, ...]:
    from pythainlp.corpus import thai_volubilis_words  # deferred: the corpus loads on first use

    names = {w[len("อำเภอ"):] for w in thai_volubilis_words() if w.startswith("อำเภอ")}
    return tuple(sorted(names - set(NOT_DISTRICT_NAMES), key=len, reverse=True))
