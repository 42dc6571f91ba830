"""The record of one claim found in a Doc."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class ClaimMention:
    """One claim found in a Doc; offsets are characters of ``doc.text``."""

    kind: str  # direct | indirect | mixed | reported
    start: int
    end: int
    cue: str | None = None
    cue_start: int | None = None
    cue_end: int | None = None
    speaker: str | None = None  # resolved name
    speaker_mention: str | None = None  # as written in the sentence
    speaker_start: int | None = None
    speaker_end: int | None = None
    speaker_type: str | None = None
    speaker_source: str | None = None  # how the speaker was found (pipeline.attribution.speakers)
    hedged: bool = False
    quote_group: int | None = None  # fragments of one quotation share it
    frame_start: int = 0  # the sentence(s) holding content and attribution
    frame_end: int = 0
    rule: str = "reported"  # which rule found it (a feature of the scorer)
    cue_i: int | None = None  # token index of the cue
    score: float | None = None  # the scorer's probability that this is an attribution
