#!/usr/bin/env bash
# The portable release: one file for old jump hosts (RHEL 7/8, Amazon Linux 2),
# linked against glibc 2.17 with cargo-zigbuild, and a tarball beside it.
#
#   bash .ci/dist.sh    writes target/dist/lambda-console and
#                       target/dist/lambda-console-VERSION-x86_64-linux.tar.gz
#
# Zig comes from the ziglang package on the Python package index (pinned, its
# hash checked) and cargo-zigbuild from the crate registry (pinned), both
# installed under target/ when missing, as the tests install moto. Then it
# checks the binary: the GLIBC symbol versions it needs (at most 2.17, none
# unnumbered), the libraries it links (libc's own only), its size, its
# --version, and serve-local answering with a sample run as the binary
# itself, with no python on PATH and none of the caller's settings.
set -euo pipefail
cd "$(dirname "$0")/.."

GLIBC=2.17
TARGET=x86_64-unknown-linux-gnu
ZIGLANG=0.15.2
ZIGLANG_SHA256=806316453d1ede7174ed3fefb8e5348154629089c3bb5fe812dfd0e172fac130
ZIGBUILD=0.24.1
TOOLS=target/dist-tools
OUT=target/dist
say() { printf '\n== %s\n' "$*" >&2; }
fail() { echo "FAIL: $*" >&2; exit 1; }

if [ "$("$TOOLS/venv/bin/python" -m ziglang version 2>/dev/null || true)" != "$ZIGLANG" ]; then
    say "installing zig (ziglang $ZIGLANG) into $TOOLS/venv"
    python3 -m venv --clear "$TOOLS/venv"
    REQUIREMENTS=$(mktemp)
    echo "ziglang==$ZIGLANG --hash=sha256:$ZIGLANG_SHA256" >"$REQUIREMENTS"
    "$TOOLS/venv/bin/pip" install --quiet --disable-pip-version-check --require-hashes -r "$REQUIREMENTS"
    rm -f "$REQUIREMENTS"
fi
if [ "$("$TOOLS/bin/cargo-zigbuild" --version 2>/dev/null || true)" != "cargo-zigbuild $ZIGBUILD" ]; then
    say "installing cargo-zigbuild $ZIGBUILD into $TOOLS"
    cargo install --quiet --locked --force --root "$TOOLS" --version "$ZIGBUILD" cargo-zigbuild
fi
# cargo-zigbuild runs `python3 -m ziglang` when no zig is on PATH: the
# venv's python3 comes first.
export PATH="$PWD/$TOOLS/venv/bin:$PWD/$TOOLS/bin:$PATH"

say "building for $TARGET with glibc $GLIBC (profile dist: LTO, one codegen unit, stripped)"
cargo zigbuild --locked --profile dist --target "$TARGET.$GLIBC"
# Wherever cargo puts its builds (CARGO_TARGET_DIR, build.target-dir).
TARGET_DIR=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json, sys; print(json.load(sys.stdin)["target_directory"])')
BIN="$TARGET_DIR/$TARGET/dist/lambda-console"

say "checking what it needs of the host"
VERSIONS=$(readelf --version-info --wide "$BIN" | grep -o 'GLIBC_[A-Za-z0-9_.]*' | sort -u -V)
echo "GLIBC versions: $(echo $VERSIONS)"
for version in $VERSIONS; do
    number=${version#GLIBC_}
    # An unnumbered need (GLIBC_ABI_DT_RELR, from glibc 2.36) is a new loader's.
    [[ "$number" =~ ^[0-9]+(\.[0-9]+)*$ ]] || fail "it needs $version, which old loaders lack"
    [ "$(printf '%s\n%s\n' "$GLIBC" "$number" | sort -V | tail -n 1)" = "$GLIBC" ] || fail "it needs $version, above GLIBC_$GLIBC"
done
echo "highest: $(echo "$VERSIONS" | tail -n 1) (at most GLIBC_$GLIBC)"
NEEDED=$(readelf --dynamic --wide "$BIN" | sed -n 's/.*Shared library: \[\(.*\)\]/\1/p' | sort -u)
echo "libraries: $(echo $NEEDED)"
for library in $NEEDED; do
    case "$library" in
        libc.so.6 | libm.so.6 | libpthread.so.0 | libdl.so.2 | librt.so.1 | ld-linux-x86-64.so.2) ;;
        *) fail "it links $library, which a jump host may not have" ;;
    esac
done

mkdir -p "$OUT"
# Through a rename: a copy still running from an earlier build keeps its file.
cp "$BIN" "$OUT/.lambda-console.new"
mv -f "$OUT/.lambda-console.new" "$OUT/lambda-console"
SIZE=$(stat -c %s "$OUT/lambda-console")
echo "size: $SIZE bytes ($((SIZE / 1024 / 1024)) MB)"
[ "$SIZE" -lt $((30 * 1024 * 1024)) ] || fail "over the 30 MB target"

say "smoke run, with no python on PATH and none of the caller's settings"
SMOKE=$(mktemp -d)
mkdir "$SMOKE/home" "$SMOKE/empty-path"
# As a jump host would run it: a bare environment (env execs the binary,
# so $! below is the server itself).
BARE=(env -i HOME="$SMOKE/home" PATH="$SMOKE/empty-path" LANG=C.UTF-8)
VERSION=$("${BARE[@]}" "$OUT/lambda-console" --version)
echo "$VERSION"
[[ "$VERSION" =~ ^lambda-console\ [0-9.]+\ \(commit\ [0-9a-f]{12} ]] || fail "--version names no commit: $VERSION"
[[ "$VERSION" != *uncommitted* ]] || echo "NOTE: built from a tree with uncommitted changes" >&2
PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
"${BARE[@]}" "$OUT/lambda-console" serve-local --port "$PORT" >"$SMOKE/serve.log" 2>&1 &
SERVER=$!
trap 'kill "$SERVER" 2>/dev/null || true; wait "$SERVER" 2>/dev/null || true; rm -rf "$SMOKE"' EXIT
LISTED=""
for _ in $(seq 1 100); do
    kill -0 "$SERVER" 2>/dev/null || { cat "$SMOKE/serve.log" >&2; fail "serve-local ended"; }
    if grep -q "on http://127.0.0.1:$PORT" "$SMOKE/serve.log" &&
        LISTED=$(curl -fsS "http://127.0.0.1:$PORT/2015-03-31/functions" 2>/dev/null); then
        break
    fi
    sleep 0.1
done
grep -q '"FunctionName":"echo"' <<<"$LISTED" || { cat "$SMOKE/serve.log" >&2; fail "serve-local did not list echo: $LISTED"; }
BOOTSTRAP="$SMOKE/home/.local/share/lambda-console/functions/echo/bootstrap"
grep -q 'sample echo' "$BOOTSTRAP" || fail "echo's bootstrap does not run the binary: $(cat "$BOOTSTRAP")"
# The sample runs as this very binary: no python, no toolchain.
ANSWER=$(curl -fsS -X POST -d '{"smoke": true}' "http://127.0.0.1:$PORT/2015-03-31/functions/echo/invocations")
[ "$ANSWER" = '{"smoke": true}' ] || fail "echo answered $ANSWER"
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
for page in serve-local completions; do
    "$OUT/lambda-console" manpage "$page" >"$STAGE/man/lambda-console-$page.1"
done
(cd "$STAGE" && find . -type f ! -name SHA256SUMS -printf '%P\n' | sort | xargs sha256sum >SHA256SUMS)
tar -C "$OUT" -czf "$OUT/$NAME.tar.gz" "$NAME"
(cd "$OUT" && sha256sum "$NAME.tar.gz" >"$NAME.tar.gz.sha256")
echo "wrote $OUT/lambda-console ($SIZE bytes) and $OUT/$NAME.tar.gz ($(stat -c %s "$OUT/$NAME.tar.gz") bytes)"
