#!/usr/bin/env bash
# Installs the Debian packages the browser and document tests drive (Chromium for
# Playwright, LibreOffice and pdftoppm to open the DOCX files, nginx to run the
# production proxy's configuration, shellcheck to lint the deploy scripts), if they are missing.
set -euo pipefail

needed=()
command -v chromium >/dev/null || needed+=(chromium)
command -v soffice >/dev/null || needed+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null || needed+=(poppler-utils)
command -v nginx >/dev/null || [ -x /usr/sbin/nginx ] || needed+=(nginx)
command -v shellcheck >/dev/null || needed+=(shellcheck)
# Metric-compatible Calibri so LibreOffice lays the documents out as Word would.
fc-list 2>/dev/null | grep -qi carlito || needed+=(fonts-crosextra-carlito)

if [ ${#needed[@]} -eq 0 ]; then
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "Missing Debian packages: ${needed[*]} (install them as root: apt-get install ${needed[*]})" >&2
  exit 1
fi
echo "Installing ${needed[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${needed[@]}" >/dev/null
