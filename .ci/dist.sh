#!/usr/bin/env bash
# The portable release: one file for old jump hosts (RHEL 7/8, Amazon Linux 2),
# linked against glibc 2.17 with cargo-zigbuild, and a tarball beside it.
#
#   bash .ci/dist.sh    writes target/dist/lambda-console and
#                       target/dist/lambda-console-VERSION-x86_64-linux.tar.gz
#
# Zig comes from the ziglang package on the Python package index and
# cargo-zigbuild from the crate registry, both installed under target/ when
# missing, as the tests install moto. Then it checks the binary: the highest
# GLIBC symbol version it needs (at most 2.17), its size, `--version`, and
# `serve-local` answering ListFunctions.
set -euo pipefail
cd "$(dirname "$0")/.."

GLIBC=2.17
TARGET=x86_64-unknown-linux-gnu
ZIGLANG=0.15.2
ZIGBUILD=0.24.1
TOOLS=target/dist-tools
OUT=target/dist
say() { printf '\n== %s\n' "$*" >&2; }

if [ ! -x "$TOOLS/venv/bin/python" ] || ! "$TOOLS/venv/bin/python" -m ziglang version >/dev/null 2>&1; then
    say "installing zig (ziglang $ZIGLANG) into $TOOLS/venv"
    python3 -m venv "$TOOLS/venv"
    "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check "ziglang==$ZIGLANG"
fi
if ! "$TOOLS/bin/cargo-zigbuild" --version 2>/dev/null | grep -q "$ZIGBUILD"; then
    say "installing cargo-zigbuild $ZIGBUILD into $TOOLS"
    cargo install --quiet --locked --root "$TOOLS" --version "$ZIGBUILD" cargo-zigbuild
fi
# cargo-zigbuild runs `python3 -m ziglang` when no zig is on PATH: the
# venv's python3 comes first.
export PATH="$PWD/$TOOLS/venv/bin:$PWD/$TOOLS/bin:$PATH"

say "building for $TARGET with glibc $GLIBC (profile dist: LTO, one codegen unit, stripped)"
cargo zigbuild --locked --profile dist --target "$TARGET.$GLIBC"
BIN="target/$TARGET/dist/lambda-console"

say "checking the GLIBC versions it needs"
# Every versioned glibc symbol the binary asks the loader for.
NEEDED=$(readelf --version-info --wide "$BIN" | grep -o 'GLIBC_[0-9][0-9.]*' | sort -u -V)
HIGHEST=$(printf '%s\n' "$NEEDED" | tail -n 1)
echo "needs: $(printf '%s ' $NEEDED)"
if [ "$(printf '%s\n%s\n' "GLIBC_$GLIBC" "$HIGHEST" | sort -V | tail -n 1)" != "GLIBC_$GLIBC" ]; then
    echo "FAIL: it needs $HIGHEST, above GLIBC_$GLIBC" >&2
    exit 1
fi
echo "highest: $HIGHEST (at most GLIBC_$GLIBC)"

mkdir -p "$OUT"
cp "$BIN" "$OUT/lambda-console"
SIZE=$(stat -c %s "$OUT/lambda-console")
echo "size: $SIZE bytes ($((SIZE / 1024 / 1024)) MB)"
if [ "$SIZE" -ge $((30 * 1024 * 1024)) ]; then
    echo "FAIL: over the 30 MB target" >&2
    exit 1
fi

say "smoke run"
VERSION=$("$OUT/lambda-console" --version)
echo "$VERSION"
case "$VERSION" in
    "lambda-console "*"(commit "*) ;;
    *) echo "FAIL: --version says neither version nor commit" >&2; exit 1 ;;
esac
SMOKE_HOME=$(mktemp -d)
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
HOME="$SMOKE_HOME" "$OUT/lambda-console" serve-local --port "$PORT" >"$SMOKE_HOME/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; rm -rf "$SMOKE_HOME"' EXIT
LISTED=""
for _ in $(seq 1 100); do
    if LISTED=$(curl -fsS "http://127.0.0.1:$PORT/2015-03-31/functions" 2>/dev/null); then
        break
    fi
    sleep 0.1
done
if ! printf '%s' "$LISTED" | grep -q '"FunctionName":"echo"'; then
    echo "FAIL: serve-local did not list echo: $LISTED" >&2
    cat "$SMOKE_HOME/serve.log" >&2
    exit 1
fi
# The sample runs as this very binary: no python, no toolchain.
ANSWER=$(curl -fsS -X POST -d '{"smoke": true}' "http://127.0.0.1:$PORT/2015-03-31/functions/echo/invocations")
if [ "$ANSWER" != '{"smoke": true}' ]; then
    echo "FAIL: echo answered $ANSWER" >&2
    exit 1
fi
echo "serve-local listed the samples and echo answered: $ANSWER"

say "packing"
NAME="lambda-console-$(cargo pkgid | sed 's/.*[#@]//')-x86_64-linux"
STAGE="$OUT/$NAME"
rm -rf "$STAGE"
mkdir -p "$STAGE/completions" "$STAGE/man"
cp "$OUT/lambda-console" README.md "$STAGE/"
cp assets/LICENSE "$STAGE/LICENSE"
for shell in bash zsh fish; do
    "$OUT/lambda-console" completions "$shell" >"$STAGE/completions/lambda-console.$shell"
done
"$OUT/lambda-console" manpage >"$STAGE/man/lambda-console.1"
(cd "$STAGE" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum >SHA256SUMS)
tar -C "$OUT" -czf "$OUT/$NAME.tar.gz" "$NAME"
(cd "$OUT" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
echo "wrote $OUT/lambda-console ($SIZE bytes) and $OUT/$NAME.tar.gz ($(stat -c %s "$OUT/$NAME.tar.gz") bytes)"
