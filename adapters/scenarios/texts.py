"""Realistic text for scenarios: long, incompressible, in many scripts, never round-sized."""

from __future__ import annotations

import random

ALPHABETS = (
    "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ",
    "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
    "αβγδεζηθικλμνξοπρστυφχψω",
    "的一是不了人我在有他这为之大来以个中上们",
    "あいうえおかきくけこさしすせそたちつてと",
    "אבגדהוזחטיכלמנסעפצקרשת",
    "éèêëàâäôöûüçñß",
    "0123456789",
)
"""Letters of several scripts, so text exercises multi-byte encodings."""

PUNCTUATION = (" ", " ", " ", " ", ", ", ". ", "\n", " — ", "; ", "? ", "! ", ' "', "' ")


def prose(seed: int, length: int) -> str:
    """``length`` characters of random words in mixed scripts: text no codec shrinks much."""
    rng = random.Random(seed)
    parts: list[str] = []
    size = 0
    while size < length:
        letters = rng.choice(ALPHABETS)
        word = "".join(rng.choice(letters) for _ in range(rng.randint(1, 11)))
        piece = word + rng.choice(PUNCTUATION)
        parts.append(piece)
        size += len(piece)
    return "".join(parts)[:length]


def sizes(seed: int, count: int, low: int, high: int) -> list[int]:
    """``count`` lengths between ``low`` and ``high``, none of them round."""
    rng = random.Random(seed)
    found = []
    for _ in range(count):
        size = rng.randint(low, high)
        found.append(size + 1 if size % 10 == 0 else size)
    return found


def passages(seed: int, count: int, low: int, high: int) -> list[str]:
    """``count`` distinct passages of prose, each between ``low`` and ``high`` characters."""
    return [
        f"[{seed}.{index}] " + prose(seed * 100_003 + index, size)
        for index, size in enumerate(sizes(seed, count, low, high))
    ]
