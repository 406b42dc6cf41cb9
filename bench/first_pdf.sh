#!/usr/bin/env bash
# The first PDF a teacher downloads after `fichesujet serve` starts, against the second one (the baseline:
# everything warm). `serve` warms the PDF renderer up in the background; without it the first costs ~1.2 s.
# Usage: bash bench/first_pdf.sh [PORT]
set -euo pipefail
cd "$(dirname "$0")/.."
port="${1:-8190}"
export UV_PYTHON_DOWNLOADS=never FICHESUJET_DATA_DIR="$(mktemp -d)"
uv run --frozen fichesujet demo >/dev/null 2>&1
uv run --frozen fichesujet serve --port "$port" >/dev/null 2>&1 &
pid=$!
trap 'kill $pid 2>/dev/null; rm -rf "$FICHESUJET_DATA_DIR"' EXIT
for _ in $(seq 1 60); do curl -s "localhost:$port/api/sante" >/dev/null && break; sleep 0.5; done
sleep 4  # a teacher logs in a few seconds after the start, at the earliest
jar="$FICHESUJET_DATA_DIR/cookies"
curl -s -c "$jar" -b "$jar" -X POST "localhost:$port/api/session" -H 'content-type: application/json' \
  -d '{"email":"enseignante@demo.fichesujet.fr","mot_de_passe":"demo-fichesujet"}' >/dev/null
fiche=$(curl -s -b "$jar" "localhost:$port/api/candidats" | python3 -c \
  "import json,sys; print(json.load(sys.stdin)[0]['fiches'][0]['id'])")
url="localhost:$port/api/fiches/$fiche/documents/candidat.pdf"
first=$(curl -s -b "$jar" -o /dev/null -w "%{time_total}" "$url")
second=$(curl -s -b "$jar" -o /dev/null -w "%{time_total}" "$url")
python3 -c "f, s = $first, $second; print(f'premier PDF {f*1000:.0f} ms, second (référence) {s*1000:.0f} ms, rapport {f/s:.2f}')"
