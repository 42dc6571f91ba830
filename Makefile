# Two commands do all set-up on a fresh clone: `make run` and `make test`.
# Each creates .venv and installs the pinned, hash-checked dependencies first.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
CORPUS ?= corpus
OUT    ?= outputs
GOLD   ?= ../shared/eval/polnear.dev.jsonl

.PHONY: run test eval bench bench-rerun learn install clean format

install: $(STAMP)

# The venv starts with the interpreter's bundled pip, whatever its age; a pinned,
# hash-checked pip replaces it before anything else is installed.
$(STAMP): requirements-bootstrap.txt requirements.txt requirements-dev.txt pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip --version > $(VENV)/bundled-pip.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements-bootstrap.txt
	$(BIN)/python -m pip install --quiet --require-hashes -r requirements.txt -r requirements-dev.txt
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e .
	touch $(STAMP)

run: $(STAMP)
	$(BIN)/claims run $(CORPUS) --out $(OUT)

test: $(STAMP)
	$(BIN)/python -m pytest -q

SEEDS  ?= ../shared/corpus-seed/expected.json
eval: $(STAMP)
	$(BIN)/claims evaluate $(GOLD) --json $(OUT)/eval-$(notdir $(basename $(GOLD))).json
	$(BIN)/claims run $(CORPUS) --out $(OUT)/seeds --quiet
	$(BIN)/python scripts/check_seeds.py $(OUT)/seeds --expected $(SEEDS)

# Re-learn models/learned_cues.json and models/claim_scorer.json from PolNeAR train,
# and models/pair_judge.json from the train split of models/labels/polnear_pairs.jsonl
# (deterministic for the same data and versions; commit the result).
TRAIN  ?= ../shared/eval/polnear.train.jsonl
learn: $(STAMP)
	$(BIN)/python scripts/learn_cues.py --train $(TRAIN)
	$(BIN)/python scripts/train_scorer.py --train $(TRAIN)
	$(BIN)/python scripts/train_judge.py

format: $(STAMP)
	$(BIN)/ruff format pipeline tests scripts

bench: $(STAMP)
	$(BIN)/python scripts/bench.py

# incremental reruns: 84 PolNeAR dev articles, then 12 new, then nothing new
bench-rerun: $(STAMP)
	$(BIN)/python scripts/bench_rerun.py

clean:
	rm -rf $(VENV) build *.egg-info
