#!/usr/bin/env bash
# jwtfix the way a CI job uses it: exit codes in `if`, command substitution, pipes,
# annotations on stdout. Run by tests/test_ci_usage.py with jwtfix on PATH, in an empty
# temporary folder; every step says what it checks, and the first failing one ends the run.
set -euo pipefail

fail() { echo "ci_usage.sh: FAILED: $*" >&2; exit 1; }

export JWT_SECRET="ci-secret-that-is-long-enough-for-hs256!"
printf 'JWT_SECRET=%s\nJWT_EXPIRES_IN=15m\nJWT_REFRESH_SECRET=%s-refresh\nJWT_REFRESH_EXPIRES_IN=7d\n' \
  "$JWT_SECRET" "$JWT_SECRET" > .env

# A test token for the next steps, as a fixture script makes one.
T=$(jwtfix sign --secret-env JWT_SECRET --sub ci-user --expires 15m)
[[ "$T" == *.*.* ]] || fail "sign printed something else than a token: $T"
[[ "$(printf '%s' "$T" | wc -l)" -eq 0 ]] || fail "sign printed more than one line"

# Gate on expiry with the exit code only.
jwtfix expiry --quiet "$T" || fail "a fresh token is not valid"
EXPIRED=$(jwtfix sign --secret-env JWT_SECRET --sub ci-user --expires -5m)
if jwtfix expiry --quiet "$EXPIRED"; then fail "an expired token passed expiry --quiet"; fi
[[ -z "$(jwtfix expiry --quiet "$EXPIRED" 2>&1 || true)" ]] || fail "expiry --quiet printed"

# Pull a claim into a variable; a missing claim fails the step.
SUB=$(jwtfix decode "$T" --claim sub)
[[ "$SUB" == "ci-user" ]] || fail "decode --claim sub gave '$SUB'"
if jwtfix decode "$T" --claim nope > /dev/null 2>&1; then fail "a missing claim exited 0"; fi
printf 'Authorization: Bearer %s\n' "$T" | jwtfix decode --claim sub | grep -qx ci-user \
  || fail "decode did not read the token from a header line on stdin"

# A pair for a login fixture, read with jq-like tools (python here).
jwtfix sign --env .env --pair > pair.json
python3 -c 'import json,sys; d=json.load(open("pair.json")); sys.exit(d["expiresIn"] != 900)' \
  || fail "sign --pair expiresIn is not 900 for 15m"

# Verify with the secret from the environment, JSON to a file.
jwtfix verify "$T" --secret-env JWT_SECRET --json > verify.json || fail "verify failed"
grep -q '"valid": true' verify.json || fail "verify --json did not say valid"
if jwtfix verify "$T" --secret wrong-secret-wrong-secret-wrong-secret > /dev/null; then
  fail "a wrong secret verified"
fi

# The checklist as GitHub annotations: `::error`/`::warning` lines, exit 1 on a failed check.
set +e
jwtfix check "$EXPIRED" --env .env --format github > annotations.txt
code=$?
set -e
[[ $code -eq 1 ]] || fail "check on an expired token exited $code, not 1"
grep -q '^::error' annotations.txt || fail "no ::error annotation for an expired token"
if grep -q "$JWT_SECRET" annotations.txt; then fail "the secret is in the annotations"; fi

# Scan the repository for committed tokens that expire soon.
mkdir -p fixtures
printf 'const token = "%s";\n' "$T" > fixtures/auth.js
set +e
jwtfix scan fixtures --expiring-within 1h > scan.txt
code=$?
set -e
[[ $code -eq 1 ]] || fail "scan --expiring-within 1h exited $code with a 15-minute token"
jwtfix scan fixtures --expiring-within 1m > /dev/null || fail "scan failed a token valid 15m"
if grep -q "$T" scan.txt; then fail "scan printed the whole token without --show-tokens"; fi

# Bad input is exit 2 with one error line, never a traceback.
set +e
jwtfix decode not-a-token > out.txt 2> err.txt
code=$?
set -e
[[ $code -eq 2 ]] || fail "decode of garbage exited $code"
grep -q '^error:' err.txt || fail "no error: line"
if grep -q Traceback err.txt; then fail "a traceback"; fi

echo "ci_usage.sh: ok"
