#!/bin/sh
# bench/http-vs-nginx.sh BUILD — digiden's HTTP beside nginx serving the same bytes
# from files, on the same machine in the same run (issue 11, item 5): wrk 2 threads /
# 50 connections, 5 s each. Prints requests/s of both and the ratio beside its goal:
#   public GET (/results, /menus, the public report API)       ≥ 0.8 × nginx
#   logged-in GET /api/v1/applications/{id}                     ≥ 0.5 × nginx
#   POST /api/v1/check                                          ≥ 0.5 × nginx
#   acknowledged saves/s (PUT) vs raw SQLite inserts, same size  ≥ 0.8 ×
# nginx is Debian's, started on a free loopback port with a config written to a temp
# dir and stopped afterwards. Nothing here is a test: machines are noisy, read the ratios.
set -eu
build=${1:-build}
secs=${BENCH_HTTP_SECONDS:-5}
for tool in nginx wrk curl; do
  command -v "$tool" >/dev/null 2>&1 || { echo "http-vs-nginx: $tool not found (scripts/install-deps.sh installs it)"; exit 1; }
done
dir=$(mktemp -d)
srv=""; ngx=""
cleanup() {
  [ -n "$srv" ] && kill "$srv" 2>/dev/null && wait "$srv" 2>/dev/null || true
  [ -n "$ngx" ] && kill "$(cat "$dir/nginx.pid" 2>/dev/null || echo "$ngx")" 2>/dev/null || true
  rm -rf "$dir"
}
trap cleanup EXIT INT TERM
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

# digiden on a fresh database with a small published round
DIGIDEN_ADMIN_PASSWORD=bench-admin-password-1 "$build/digiden" import-decisions --db "$dir/b.db" \
  tests/data/published/type23.csv > /dev/null 2>&1
DIGIDEN_ADMIN_PASSWORD=bench-admin-password-1 "$build/digiden" user add --db "$dir/b.db" --login natori \
  --role applicant --organization 042072 > /dev/null 2>&1 <<EOF
bench-password-1
EOF
"$build/digiden" serve --db "$dir/b.db" --listen 127.0.0.1:0 --port-file "$dir/port" > "$dir/serve.log" 2>&1 &
srv=$!
i=0; while [ ! -s "$dir/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
port=$(cat "$dir/port")
base="http://127.0.0.1:$port"
cookie=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d '{"login":"natori","password":"bench-password-1"}' "$base/api/v1/session" | sed -n 's/^Set-Cookie: \(digiden_session=[^;]*\).*/\1/p')
app=$(curl -s -H "Cookie: $cookie" -H 'Content-Type: application/json' --data-binary @examples/type1-natori.json \
  "$base/api/v1/applications" | sed -n 's/.*"id":\([0-9]*\).*/\1/p')

# the same bytes as files for nginx (POST answered from the file too)
mkdir -p "$dir/www/api/v1/applications" "$dir/www/api/v1/public"
curl -s "$base/results" > "$dir/www/results.html"
curl -s "$base/menus" > "$dir/www/menus.html"
curl -s "$base/api/v1/public/reports?round=digital-implementation/fy2022-supp&by=menu" > "$dir/www/report.json"
curl -s -H "Cookie: $cookie" "$base/api/v1/applications/$app" > "$dir/www/app.json"
curl -s -H 'Content-Type: application/json' --data-binary @examples/type1-natori.json "$base/api/v1/check" > "$dir/www/check.json"
nport=$(free_port)
cat > "$dir/nginx.conf" <<EOF
worker_processes 2;
pid $dir/nginx.pid;
error_log $dir/nginx.err;
daemon on;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path $dir/tmp; proxy_temp_path $dir/tmp; fastcgi_temp_path $dir/tmp;
  uwsgi_temp_path $dir/tmp; scgi_temp_path $dir/tmp;
  server {
    listen 127.0.0.1:$nport;
    root $dir/www;
    error_page 405 =200 \$uri;
  }
}
EOF
mkdir -p "$dir/tmp"
chmod -R a+rX "$dir" # nginx's workers run as an unprivileged user when started as root
nginx -c "$dir/nginx.conf" -p "$dir" 2>> "$dir/nginx.err"
ngx=1
i=0; while ! curl -s -o /dev/null "http://127.0.0.1:$nport/results.html" && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done

cat > "$dir/post.lua" <<EOF
local f = io.open("examples/type1-natori.json", "rb"); local body = f:read("*a"); f:close()
wrk.method = "POST"; wrk.body = body; wrk.headers["Content-Type"] = "application/json"
EOF
# saves: each of the 4 connections (one per wrk thread) saves its own application, so
# that no save is refused by another's compare-and-set (409 CONFLICT is not a save)
save_apps=""
for k in 1 2 3 4; do
  save_apps="$save_apps$(curl -s -H "Cookie: $cookie" -H 'Content-Type: application/json' \
    --data-binary @examples/type1-natori.json "$base/api/v1/applications" | sed -n 's/.*"id":\([0-9]*\).*/\1/p'),"
done
cat > "$dir/put.lua" <<EOF
local f = io.open("examples/type1-natori.json", "rb"); local body = f:read("*a"); f:close()
local apps = { ${save_apps%,} }
local made = 0
function setup(thread) made = made + 1; thread:set("app", apps[made]) end
function init(args) path = "/api/v1/applications/" .. app end
function request()
  return wrk.format("PUT", path, { ["Content-Type"] = "application/json", ["Cookie"] = "$cookie" }, body)
end
EOF
# BENCH_ONLY=REGEX: only the rows whose label matches (the others are not measured)
want() { [ -z "${BENCH_ONLY:-}" ] || printf '%s\n' "$1" | grep -Eq -- "$BENCH_ONLY"; }
rps() { # URL [wrk args…] → requests/s (non-2xx answers make the figure 0)
  [ -n "${SKIP:-}" ] && { echo 0; return; }
  url=$1; shift
  out=$(wrk -t2 -c50 -d"${secs}s" "$@" "$url" 2>&1)
  if echo "$out" | grep -q "Non-2xx"; then echo 0; return; fi
  echo "$out" | sed -n 's/^Requests\/sec: *\([0-9.]*\).*/\1/p'
}
row() { # label digiden-rps nginx-rps goal
  want "$1" || return 0
  awk -v l="$1" -v d="$2" -v n="$3" -v g="$4" 'BEGIN {
    r = n > 0 ? d / n : 0
    printf "%-46s %10.0f %10.0f %6.2f×  goal ≥ %.1f×  %s\n", l, d, n, r, g, (r >= g ? "met" : "NOT MET") }'
}
printf '%-46s %10s %10s %7s\n' "HTTP (wrk 2 threads, 50 connections)" "digiden/s" "nginx/s" "ratio"
SKIP=$(want "public GET /results" || echo 1); row "public GET /results" "$(rps "$base/results")" "$(rps "http://127.0.0.1:$nport/results.html")" 0.8
SKIP=$(want "public GET /menus" || echo 1); row "public GET /menus" "$(rps "$base/menus")" "$(rps "http://127.0.0.1:$nport/menus.html")" 0.8
SKIP=$(want "public GET /api/v1/public/reports" || echo 1); row "public GET /api/v1/public/reports" "$(rps "$base/api/v1/public/reports?round=digital-implementation/fy2022-supp&by=menu")" \
  "$(rps "http://127.0.0.1:$nport/report.json")" 0.8
SKIP=$(want "logged-in GET /api/v1/applications/{id}" || echo 1); row "logged-in GET /api/v1/applications/{id}" "$(rps "$base/api/v1/applications/$app" -H "Cookie: $cookie")" \
  "$(rps "http://127.0.0.1:$nport/app.json")" 0.5
SKIP=$(want "POST /api/v1/check" || echo 1); row "POST /api/v1/check" "$(rps "$base/api/v1/check" -s "$dir/post.lua")" "$(rps "http://127.0.0.1:$nport/check.json" -s "$dir/post.lua")" 0.5

# saves: PUT of a version (the example, ~1.7 KB) vs raw inserts of the same size
size=$(wc -c < examples/type1-natori.json)
if want "acknowledged PUT saves"; then
raw=$("$build/bench/sqlite_inserts" "$dir/raw.db" "$size" "$secs")
# acknowledged = 2xx answers only: (requests − non-2xx) / seconds
out=$(wrk -t4 -c4 -d"${secs}s" -s "$dir/put.lua" "$base/api/v1/applications/$app" 2>&1)
[ -n "${BENCH_DEBUG:-}" ] && echo "$out" >&2
total=$(echo "$out" | sed -n 's/^ *\([0-9]*\) requests in \([0-9.]*\)\(m*s\).*/\1 \2 \3/p')
bad=$(echo "$out" | sed -n 's/^ *Non-2xx or 3xx responses: *\([0-9]*\).*/\1/p')
saves=$(echo "$total ${bad:-0}" | awk '{ t = $2; if ($3 == "ms") t /= 1000; if ($3 == "m") t *= 60; print (t > 0 ? ($1 - $4) / t : 0) }')
printf '%-46s %10s %10s\n' "saves (synchronous=FULL, WAL)" "digiden/s" "SQLite/s"
SKIP=$(want "acknowledged PUT saves vs raw inserts ($size B)" || echo 1); row "acknowledged PUT saves vs raw inserts ($size B)" "$saves" "$raw" 0.8
fi
