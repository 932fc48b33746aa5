"""Content negotiation after RFC 9110 §12.5.1: q-values, wildcards, q=0, specificity."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class MediaRange:
    type: str
    subtype: str
    q: float
    params: tuple[tuple[str, str], ...]

    def matches(self, media_type: str) -> bool:
        main, _, sub = media_type.partition("/")
        return (self.type in ("*", main)) and (self.subtype in ("*", sub))

    @property
    def specificity(self) -> int:
        if self.type == "*":
            return 0
        if self.subtype == "*":
            return 1
        return 2 + len(self.params)


def parse_accept(header: str | None) -> list[MediaRange]:
    """Parse an Accept header; an absent or empty one accepts anything."""
    if not header or not header.strip():
        return [MediaRange("*", "*", 1.0, ())]
    ranges: list[MediaRange] = []
    for part in header.split(","):
        pieces = [p.strip() for p in part.split(";")]
        if not pieces[0]:
            continue
        main, _, sub = pieces[0].lower().partition("/")
        if not sub:
            main, sub = (main, "*") if main == "*" else (main, "")
        if not sub:
            continue
        q = 1.0
        params: list[tuple[str, str]] = []
        for param in pieces[1:]:
            key, _, value = param.partition("=")
            key, value = key.strip().lower(), value.strip().strip('"')
            if key == "q":
                try:
                    q = min(max(float(value), 0.0), 1.0)
                except ValueError:
                    q = 0.0
            elif key:
                params.append((key, value))
        ranges.append(MediaRange(main, sub, q, tuple(params)))
    return ranges


def quality(ranges: Sequence[MediaRange], media_type: str) -> float:
    """The q the client gives `media_type`: that of the most specific range that matches it."""
    best: MediaRange | None = None
    for media_range in ranges:
        if media_range.matches(media_type) and (
            best is None or media_range.specificity > best.specificity
        ):
            best = media_range
    return best.q if best else 0.0


def negotiate(accept: str | None, offered: Sequence[str]) -> str | None:
    """The offered media type the client prefers (ties go to the server's order), or None."""
    ranges = parse_accept(accept)
    scored = [(quality(ranges, media_type), -i, media_type) for i, media_type in enumerate(offered)]
    scored = [s for s in scored if s[0] > 0]
    return max(scored)[2] if scored else None
