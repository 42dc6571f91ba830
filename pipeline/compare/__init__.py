"""Stage 5: the same speaker and the same claim across sources (issue 6).

Two jobs, both across every document of a run (method, figures and failure
cases: ``docs/COMPARE.md``):

1. Speakers. Inside each document a bare surname ("Trump", "Mr. Trump") is
   first replaced by the one full name written there (``resolve_in_documents``:
   news style names a person in full, then by surname). Across the run
   (``canonical_speakers``) person names are parsed into title, given names and
   surname; surnames are compared on a transliteration skeleton with rapidfuzz
   (Zelensky / Zelenskyy / Zelenskiy); full names are clustered with complete
   linkage on name compatibility (a conflicting first or middle name keeps two
   people apart); a bare surname or a bare title joins a full name only when
   that is the one candidate in the run (the "unique antecedent" rule of
   cross-document coreference baselines, Bagga & Baldwin 1998). The canonical
   form is the most complete, then most frequent one.

2. Claims (``group_claims``). Each claim becomes a bag of statement tokens
   (lemmas outside named entities, numbers, counted things) and entity tokens,
   weighted by IDF. Candidate pairs come from an inverted index restricted to
   a published-date window (blocking, as in record linkage: Christen 2012), so
   not all pairs are compared; pairs are scored by weighted
   Jaccard/containment; groups are formed by agglomerative clustering that
   merges along strong links only when every cross-document pair of the merged
   group stays above a floor (complete linkage, so a short generic claim cannot
   chain unrelated claims together). Numbers of the same counted thing are then
   compared as intervals widened by their approximators: ``agree`` or
   ``conflict``.

``compare_dir`` runs both on an output directory: it fills
``speaker_canonical`` in ``claims.parquet`` (rewritten atomically, row group by
row group) and writes ``claim_groups.parquet``.

Modules, in the order the data flows: ``names`` and ``speakers`` (speaker
canonicalisation), ``lemmas`` and ``features`` (what each claim says),
``candidates`` (blocking), ``similarity``, ``grouping`` (clustering and the
CLAIM_GROUPS table), ``agreement`` (numbers), ``outputs`` (the output
directory) and ``report`` (text); every threshold lives in ``params``.
"""

from .grouping import group_claims
from .outputs import compare_dir
from .report import format_groups, summarize
from .speakers import canonical_speakers, fill_speaker_canonical

__all__ = ["canonical_speakers", "compare_dir", "fill_speaker_canonical", "format_groups", "group_claims", "summarize"]
