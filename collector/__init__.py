"""The first stage: gather annual reports from agencies' sites into a folder the build reads
(`build.py collect`). It writes only into that folder; the build never imports it."""
