# The two commands a newcomer needs: `make demo` and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: venv demo test lint typecheck contracts pytest clean browser screenshots

venv: $(STAMP)

# The native extensions are compiled by pip: rebuild when their sources change.
$(STAMP): pyproject.toml setup.py src/suffrage/crypto/_backend/_native.c src/suffrage/rules/io/_lines.c
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "suffrage needs Python 3.11 or newer"'
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: venv
	$(BIN)/suffrage demo --voters 1000

lint: venv
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

typecheck: venv
	$(BIN)/mypy --strict src/suffrage

contracts: venv
	$(BIN)/lint-imports

# The browser tests drive Debian's chromium (never `playwright install`); the booth check
# runs node. Installed here when missing and we are root (CI); quiet and idempotent.
browser:
	@if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1 && \
	   { [ ! -x /usr/bin/chromium ] || ! command -v node >/dev/null 2>&1; }; then \
	  pkgs="chromium"; command -v node >/dev/null 2>&1 || pkgs="$$pkgs nodejs"; \
	  apt-get update -qq >/dev/null && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$pkgs >/dev/null; \
	fi

pytest: venv browser
	$(BIN)/python -m pytest -n 2 -q

test: lint typecheck contracts pytest

# Every page (both languages, desktop and phone) as PNG files in screenshots/ (not in git).
screenshots: venv browser
	$(BIN)/python tests/e2e/screenshots.py screenshots

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache .hypothesis demo-election
