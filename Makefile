# The two commands of the README. Everything installs into .venv from the pins in requirements*.txt.
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
REPORTS ?= reports/sample
PORT ?= 8000

.PHONY: site test serve bench bench-cluster fidelity lint clean explorer converter

# The SQL explorer (/explore/): DuckDB-WASM from the pinned npm packages, bundled into explorer/dist/
EXPLORER_BUNDLE := explorer/dist/explore.js
# Word 97 .doc, WPS, RTF and ODT reports are converted by LibreOffice (Debian's libreoffice-writer-nogui)
CONVERTED := -iname '*.doc' -o -iname '*.wps' -o -iname '*.rtf' -o -iname '*.odt'
# Debian packages the project needs, installed only when missing (with sudo when not root)
APT_INSTALL = SUDO=$$(command -v sudo >/dev/null 2>&1 && [ "$$(id -u)" != 0 ] && echo sudo); \
	  $$SUDO apt-get update -qq && $$SUDO apt-get install -y -qq
INSTALL_CONVERTER = $(APT_INSTALL) libreoffice-writer-nogui >/dev/null

$(VENV)/.build-deps: requirements.txt
	@command -v $(PYTHON) >/dev/null 2>&1 || { echo "需要 Python 3.11 ($(PYTHON) not found)"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@$(PY) -c "import cv2" 2>/dev/null || { \
	  echo "Installing Debian's libgl1 and libglib2.0-0, which OpenCV (the OCR engine's) needs"; \
	  $(APT_INSTALL) libgl1 libglib2.0-0 >/dev/null; }
	touch $@

$(VENV)/.test-deps: $(VENV)/.build-deps requirements-test.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "Installing Debian's chromium for the browser tests"; \
	  $(APT_INSTALL) chromium >/dev/null; }
	@command -v soffice >/dev/null 2>&1 || { \
	  echo "Installing Debian's libreoffice-writer-nogui for the Word 97 tests"; $(INSTALL_CONVERTER); }
	@fc-list :lang=zh 2>/dev/null | grep -q . || { \
	  echo "Installing Debian's fonts-wqy-microhei: the generated scans draw Chinese text"; \
	  $(APT_INSTALL) fonts-wqy-microhei >/dev/null; }
	touch $@

$(EXPLORER_BUNDLE): explorer/package.json explorer/package-lock.json explorer/build.mjs explorer/src/explore.js
	@command -v npm >/dev/null 2>&1 || { echo "需要 Node.js 与 npm（查询页 /explore/ 用 DuckDB-WASM 打包）"; exit 1; }
	cd explorer && npm ci --no-audit --no-fund && npm run build

## explorer: install the pinned DuckDB-WASM with npm ci and bundle the explorer page's script
explorer: $(EXPLORER_BUNDLE)

## site: set up and build the data package and the site from $(REPORTS)
site: $(VENV)/.build-deps $(EXPLORER_BUNDLE) converter
	$(PY) build.py --reports $(REPORTS)

## converter: install LibreOffice when $(REPORTS) holds Word 97/WPS/RTF/ODT files and it is missing
converter:
	@if [ -d "$(REPORTS)" ] && [ -n "$$(find "$(REPORTS)" -type f \( $(CONVERTED) \) -print -quit)" ] \
	  && ! command -v soffice >/dev/null 2>&1; then \
	  echo "Installing Debian's libreoffice-writer-nogui to read the Word 97/WPS/RTF/ODT reports"; \
	  $(INSTALL_CONVERTER); fi

## test: set up and run the whole test suite
test: $(VENV)/.test-deps $(EXPLORER_BUNDLE)
	$(PY) -m pytest -n 2 --dist loadfile

## serve: browse the built site on http://localhost:$(PORT)
serve:
	@test -d site || { echo "No site/ yet: run 'make site' first"; exit 1; }
	$(PY) -m http.server $(PORT) --bind 127.0.0.1 --directory site

bench: $(VENV)/.test-deps
	$(PY) bench/run.py

## fidelity: cells right / missed / wrong on real reports with hand-checked truth, and parse speed
fidelity: $(VENV)/.build-deps
	$(PY) bench/fidelity.py

## bench-cluster: the same corpus parsed on one machine and on a 2-worker Dask LocalCluster
bench-cluster: $(VENV)/.test-deps
	$(PY) bench/cluster.py --n 1000

lint: $(VENV)/.test-deps
	$(VENV)/bin/ruff check .

clean:
	rm -rf site build .cache explorer/dist
