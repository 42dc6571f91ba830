"""The Arrow schemas of the output tables, defined once (see ../shared/CONTRACT.md).

Every table the tool writes is built from these schemas; nothing else in the
package names a column type.
"""

from __future__ import annotations

import pyarrow as pa

#: Bumped whenever a contract column is renamed, dropped or changes meaning.
SCHEMA_VERSION = "1"

ENTITY = pa.struct(
    [
        ("text", pa.string()),
        ("label", pa.string()),
        ("start", pa.int32()),
        ("end", pa.int32()),
    ]
)

NUMBER = pa.struct(
    [
        ("text", pa.string()),
        ("value", pa.float64()),
        ("low", pa.float64()),
        ("high", pa.float64()),
        ("approximate", pa.bool_()),
        ("unit", pa.string()),
        ("counted", pa.string()),
    ]
)

DATE = pa.struct(
    [
        ("text", pa.string()),
        ("value", pa.string()),
        ("granularity", pa.string()),
    ]
)

DOCUMENTS = pa.schema(
    [
        ("doc_id", pa.string(), False),
        ("path", pa.string(), False),
        ("source", pa.string()),
        ("title", pa.string()),
        ("url", pa.string()),
        ("published", pa.date32()),
        ("status", pa.string(), False),
        ("error", pa.string()),
        ("text", pa.string()),
        ("n_words", pa.int32(), False),
        ("n_claims", pa.int32(), False),
        # detected ISO 639-1 code (null when the identifier is unsure); an
        # article in another language than English is an error row naming it
        ("language", pa.string()),
        # Additions beyond the contract:
        # where `published` came from: "metadata", "text" (a dateline such as
        # "date 2025-02-06" in the page furniture) or null when unknown.
        ("published_from", pa.string()),
        # the date relative dates were resolved against, and whether it was
        # inferred from the text because `published` is null.
        ("reference_date", pa.date32()),
        ("reference_date_inferred", pa.bool_()),
        ("encoding", pa.string()),
        # a problem that did not stop the article, e.g. an unreadable `published`
        # in its metadata (ignored; the date is then inferred from the text)
        ("warning", pa.string()),
    ]
)

CLAIMS = pa.schema(
    [
        ("claim_id", pa.string(), False),
        ("doc_id", pa.string(), False),
        ("source", pa.string()),
        ("published", pa.date32()),
        ("kind", pa.string(), False),
        ("text", pa.string(), False),
        ("start", pa.int32(), False),
        ("end", pa.int32(), False),
        ("sentence", pa.string(), False),
        ("speaker", pa.string()),
        ("speaker_canonical", pa.string()),
        ("speaker_type", pa.string()),
        ("speaker_start", pa.int32()),
        ("speaker_end", pa.int32()),
        ("cue", pa.string()),
        ("hedged", pa.bool_(), False),
        ("entities", pa.list_(ENTITY)),
        ("numbers", pa.list_(NUMBER)),
        ("dates", pa.list_(DATE)),
        # Additions beyond the contract:
        # one quotation interrupted by its attribution ('"A," he said. "B."') is
        # written as one claim per fragment; all fragments share `quote_id`.
        ("quote_id", pa.string()),
        # the speaker mention as written in the sentence ("he", "the president").
        ("speaker_mention", pa.string()),
        # the learned scorer's probability that an attributed claim is one (null for `reported`).
        ("confidence", pa.float32()),
        # how the speaker was found: cue_subject, passive_agent, apposition,
        # coreference, role_noun, issuer, according_to, owner, headline,
        # carried_over; null when there is no speaker name.
        ("speaker_source", pa.string()),
    ]
)

CLAIM_GROUPS = pa.schema(
    [
        ("group_id", pa.string(), False),
        ("claim_id", pa.string(), False),
        ("n_sources", pa.int32(), False),
        ("agreement", pa.string()),
        # Additions beyond the contract:
        ("n_claims", pa.int32(), False),
        ("doc_id", pa.string()),
        ("source", pa.string()),
        ("representative", pa.string()),
        ("counted", pa.string()),
        ("first_published", pa.date32()),
        ("last_published", pa.date32()),
    ]
)


def with_metadata(schema: pa.Schema, **extra: str) -> pa.Schema:
    """The schema with the file-level key-value metadata the contract requires."""
    from .. import __version__

    meta = {"schema_version": SCHEMA_VERSION, "pipeline_version": __version__}
    meta.update({k: v for k, v in extra.items() if v is not None})
    return schema.with_metadata({k.encode(): str(v).encode() for k, v in meta.items()})
