# Two commands from a fresh machine: `make run` and `make test`. Each builds .venv itself.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
SHARED ?= ../shared
DB ?= incidex.db
OUT ?= out
HOST ?= 127.0.0.1
PORT ?= 8000
CHROMIUM := /usr/bin/chromium

.PHONY: run test setup-browser setup-postgres lint eval muc4-halves fusion-pairs bench bench-scale clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

# Ingest the examples, print the incident table, then serve the workbench (Ctrl-C stops it).
run: $(STAMP)
	$(BIN)/incidex ingest examples --db $(DB)
	$(BIN)/incidex incidents --db $(DB)
	$(BIN)/incidex serve --db $(DB) --host $(HOST) --port $(PORT)

test: $(STAMP) setup-browser setup-postgres
	$(BIN)/python -m pytest

# The browser tests drive Debian's Chromium (Playwright's own browser download is not used).
setup-browser:
	@if [ ! -x $(CHROMIUM) ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's chromium for the browser tests"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo -n"; \
		( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			$$SUDO apt-get install -y -qq chromium >/dev/null ) \
		|| echo "could not install chromium: browser tests are skipped (they fail under CI)"; \
	fi

# The PostgreSQL runs of the store, fusion and API tests start a throwaway server of Debian's
# PostgreSQL 15 themselves (tests/postgres.py); only the binaries are installed here.
PG_BIN := /usr/lib/postgresql/15/bin
setup-postgres:
	@if [ ! -x $(PG_BIN)/initdb ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing Debian's postgresql for the PostgreSQL runs of the tests"; \
		SUDO=""; [ "$$(id -u)" -eq 0 ] || SUDO="sudo -n"; \
		( $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
			$$SUDO apt-get install -y -qq postgresql >/dev/null ) \
		|| echo "could not install postgresql: its test runs are skipped (they fail under CI)"; \
	fi

lint: $(STAMP)
	$(BIN)/ruff check src tests
	$(BIN)/ruff format --check src tests
	$(BIN)/mypy

eval: $(STAMP)
	@mkdir -p $(OUT)
	$(BIN)/incidex extract $(SHARED)/corpus/seeds --format gtd-csv --output $(OUT)/seeds.csv
	$(BIN)/python $(SHARED)/eval/score.py $(OUT)/seeds.csv --gold $(SHARED)/gold/seeds.yaml
	$(BIN)/incidex extract $(SHARED)/corpus/news-dev.jsonl --format gtd-csv --output $(OUT)/news-dev.csv
	$(BIN)/python $(SHARED)/eval/score.py $(OUT)/news-dev.csv --gold $(SHARED)/gold/news-dev.yaml
	$(BIN)/incidex extract $(SHARED)/corpus/news-feed-dev.jsonl --format gtd-csv --output $(OUT)/news-feed-dev.csv
	$(BIN)/python $(SHARED)/eval/score.py $(OUT)/news-feed-dev.csv --gold $(SHARED)/gold/news-feed-dev.yaml
	$(BIN)/incidex extract $(SHARED)/corpus/gtd/gtd-2021q1-input.csv --per-document --format gtd-csv --output $(OUT)/gtd.csv
	$(BIN)/python $(SHARED)/eval/score.py $(OUT)/gtd.csv --gtd $(SHARED)/corpus/gtd/gtd-2021q1-gold.csv
	@# The stream run: every GTD report ingested into one fresh store, fused, exported, scored.
	rm -f $(OUT)/gtd-stream.db $(OUT)/gtd-stream.db-wal $(OUT)/gtd-stream.db-shm
	$(BIN)/incidex ingest $(SHARED)/corpus/gtd/gtd-2021q1-input.csv --db $(OUT)/gtd-stream.db
	$(BIN)/incidex export --format gtd-csv --db $(OUT)/gtd-stream.db --output $(OUT)/gtd-stream.csv
	$(BIN)/python $(SHARED)/eval/score.py $(OUT)/gtd-stream.csv --gtd $(SHARED)/corpus/gtd/gtd-2021q1-gold.csv
	@# MUC-4 role fillers (attack frames): perpetrators, targets, victims, weapons per document,
	@# over every realis attack report (MUC-4's incidents are not GTD's), then as shipped.
	INCIDEX_QUALIFY=0 $(BIN)/incidex extract $(SHARED)/corpus/muc4-dev.jsonl --per-document --format jsonl --output $(OUT)/muc4-dev.jsonl
	$(BIN)/python $(SHARED)/eval/muc4_score.py $(OUT)/muc4-dev.jsonl --per-role
	$(BIN)/incidex extract $(SHARED)/corpus/muc4-dev.jsonl --per-document --format jsonl --output $(OUT)/muc4-dev-shipped.jsonl
	$(BIN)/python $(SHARED)/eval/muc4_score.py $(OUT)/muc4-dev-shipped.jsonl

# MUC-4 role fillers on the half whose errors are read (A, with its misses and extras) and the other.
muc4-halves: $(STAMP)
	@mkdir -p $(OUT)
	INCIDEX_QUALIFY=0 $(BIN)/incidex extract $(SHARED)/corpus/muc4-dev.jsonl --per-document --format jsonl --output $(OUT)/muc4-dev.jsonl
	$(BIN)/python benchmarks/muc4_roles.py $(OUT)/muc4-dev.jsonl --per-role

# The pair counts behind fuse/match.py's weights, on the half of each set that is read and the other.
fusion-pairs: $(STAMP)
	$(BIN)/python benchmarks/fusion_pairs.py --half A
	$(BIN)/python benchmarks/fusion_pairs.py --half B

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py $(SHARED)/corpus/gtd/gtd-2021q1-input.csv
	$(BIN)/python benchmarks/throughput.py $(SHARED)/corpus/news-feed-dev.jsonl --repeat 3

# Store/fusion cost from 1,000 to 10,000 documents, then incidents-list API latency over that store,
# then one process into SQLite against a Dask LocalCluster of 1 and 2 workers writing PostgreSQL: a
# throwaway server the benchmark starts (Debian's postgresql), or DASK_DB=postgresql+psycopg://...{workers}.
bench-scale: $(STAMP) setup-postgres
	@mkdir -p $(OUT)
	$(BIN)/python benchmarks/ingest_scale.py --docs 13000 --db $(OUT)/scale.db
	$(BIN)/python benchmarks/api_latency.py --db $(OUT)/scale.db
	$(BIN)/python benchmarks/ingest_dask.py --docs 13000 --out $(OUT) $(if $(DASK_DB),--dask-db '$(DASK_DB)')

clean:
	rm -rf $(VENV) $(OUT) $(DB) $(DB)-wal $(DB)-shm
