#!/usr/bin/env bash
# Installs the system packages TalentLedger builds and runs with, only those that are missing.
#   libpq-dev          libpq, the PostgreSQL client library (CLibPQ)
#   postgresql         initdb and pg_ctl for the embedded cluster and the tests; pg_dump, pg_restore and
#                      pg_resetwal for `backup` and `restore`
#   libxlsxwriter-dev  Excel exports (CXLSXWriter)
#   zlib1g-dev         the .docx work report and the .zip package (ZIPFoundation deflates with zlib)
#   libxml2            FoundationXML, which reads an evaluation list's .xlsx workbook
#   pkg-config         how SwiftPM finds the C libraries
#   wrk                the HTTP load of `talentledger bench`
#   chromium, chromium-driver  the console's browser tests (headless, driven by Selenium from PyPI)
set -euo pipefail

packages=(libpq-dev postgresql libxlsxwriter-dev zlib1g-dev libxml2 pkg-config wrk chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" || missing+=("$package")
done

# The architecture check validates openapi.yaml (PyPI: openapi-spec-validator, with PyYAML), and a test
# checks the server's answers against its schemas (openapi-schema-validator, which it brings); the export
# tests open the written .xlsx files again with openpyxl and the .docx work report with python-docx; the
# console's browser tests drive Debian's Chromium with Selenium (which then downloads no browser).
python_modules="import openapi_spec_validator, openapi_schema_validator, yaml, openpyxl, docx, selenium"
pypi=(openapi-spec-validator PyYAML openpyxl python-docx selenium)
user_pip=false
if ! python3 -c "$python_modules" 2>/dev/null; then
    echo "python packages: installing ${pypi[*]}"
    if ! python3 -m pip install --quiet "${pypi[@]}" 2>/dev/null; then
        # Debian's own python3 is externally managed (PEP 668) and may have no pip: Debian's packages where
        # Debian has them, then what it lacks (openapi-spec-validator) from PyPI into the user's site-packages.
        echo "python packages: this python3 takes no packages from pip; using Debian's, and PyPI for the rest"
        missing+=(python3-pip python3-yaml python3-openpyxl python3-docx python3-selenium)
        user_pip=true
    fi
fi

if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages: all present (${packages[*]})"
    exit 0
fi

echo "system packages: installing ${missing[*]}"
if [ "$(id -u)" -eq 0 ]; then
    sudo=()
elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
else
    echo "error: ${missing[*]} missing, and this is not root and has no sudo: install them as root" >&2
    exit 1
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"

if $user_pip; then
    python3 -m pip install --quiet --user --break-system-packages --no-warn-script-location openapi-spec-validator
    if ! python3 -c "$python_modules"; then
        echo "error: python3 still lacks one of: ${pypi[*]}; install them for $(command -v python3)" >&2
        exit 1
    fi
fi
