"""From an error message to its cause: the knowledge base of what JWT libraries print.

The messages, what they mean, their causes and fixes are data
(`jwtfix/data/explain.toml`, read with the stdlib `tomllib`), not code. This
module owns reading that file, compiling each message template into a regular
expression (once, on first use), and matching a text against them: a bare
message, a log line, a stack trace, a JSON error body or a `WWW-Authenticate`
header value. The most specific matching message wins.

A template is the message as the library prints it, with typed placeholders
where the text varies: `token is expired by {duration}`,
`The token expired at '{date}'`. Placeholders and what they match are in
`PLACEHOLDERS`. Matching ignores case, runs of whitespace, the kind of quote
and JSON string escaping, so `{"message":"jwt expired"}`, `TokenExpiredError:
jwt expired` and a whole log line all find the same entry.
"""

from __future__ import annotations

import difflib
import re
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

KB_FILE = "explain.toml"

DIAGNOSES = ("expiry", "verify")
"""What `--token` runs for an entry: `expiry` for time problems, `verify` for the rest."""

# A placeholder's regex and how much it counts towards a template's specificity:
# a typed value (a date, a duration) says more about the message than free text.
_DATE = (
    r"(?:\d{4}-\d{2}-\d{2}(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?"
    r"(?:\s?(?:Z|UTC|GMT|[+-]\d{2}:?\d{2}))?"
    r"|\d{1,2}/\d{1,2}/\d{4}(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?"
    r"|(?:[A-Z][a-z]{2}, )?\d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2}(?: GMT)?"
    r"|[A-Z][a-z]{2} [A-Z][a-z]{2} \d{1,2} \d{2}:\d{2}:\d{2} [A-Z]{2,5} \d{4}"
    r"|\d{9,13}(?:\.\d+)?"
    r"|\[PII[^\]]{0,200}\])"
)
PLACEHOLDERS: dict[str, tuple[str, int]] = {
    "date": (_DATE, 4),
    "duration": (r"(?:-?\d+(?:\.\d+)?(?:h|m|s|ms|us|µs|ns))+", 4),
    "int": (r"-?\d+", 1),
    "alg": (r"(?:none|[A-Za-z]{2,6}\d{0,3}[A-Za-z0-9+-]{0,8})", 2),
    "list": (r"\[[^\]]{0,500}\]", 2),
    "name": (r"[\w.:/@$-]{1,200}", 1),
    "url": (r"\S{1,500}", 1),
    "value": (r"[^\s,;]{0,500}", 0),
    "any": (r".{0,500}?", 0),
}
_PLACEHOLDER = re.compile(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
# Any quote in a template matches any quote in the text, escaped or not: libraries,
# proxies and JSON encoders change them (express-oauth2-jwt-bearer turns " into ').
_QUOTES = "\"'`\u2018\u2019\u201c\u201d"
_QUOTE_RE = r"(?:\\?[" + re.escape(_QUOTES) + r"])"
_JSON_ESCAPES = re.compile(r"\\(?:u([0-9a-fA-F]{4})|([\"\\/bfnrt']))")
_SIMPLE_ESCAPES = {"b": " ", "f": " ", "n": "\n", "r": "\n", "t": " "}
_WORD = re.compile(r"[a-z0-9]{4,}")

_SPAN = 3_000
"""More characters than any template's match spans on either side of its anchor word."""
_WINDOW = 2 * _SPAN

MAX_TEXT = 10_000_000
"""Characters of a text that are looked at (a pasted log excerpt, not a whole log)."""


@dataclass(frozen=True, slots=True)
class Entry:
    """One message of one library, with what it means and how to find its cause."""

    id: str
    """Stable identifier, `<library>.<message>` (e.g. `jsonwebtoken.jwt-expired`)."""
    library: str
    """Who prints it: the library, framework or gateway, as its users name it."""
    source: str
    """Where the message comes from: `file@version` in the library's repository."""
    messages: tuple[str, ...]
    """The message templates, with typed placeholders such as `{date}`."""
    meaning: str
    """What the message means, in one or two sentences."""
    causes: tuple[str, ...]
    """Why it happens, the most frequent cause first."""
    fixes: tuple[str, ...]
    """What to do about it, in the order of the causes."""
    next: str
    """The jwtfix command that tells which cause it is."""
    diagnosis: str
    """What `explain --token` runs: `expiry` or `verify`."""
    kind: str
    """The family of problem (expired, signature, audience, ...)."""
    repository: str = ""
    """The repository or documentation the source refers to."""
    examples: tuple[str, ...] = ()
    """Real texts in which the message appears; the tests match every one."""
    hints: tuple[str, ...] = ()
    """Words that name this library in a text (an exception class, a module path):
    they decide between entries whose messages read the same."""
    case_sensitive: bool = False
    """The message's case tells it apart from another library's same words."""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "library": self.library,
            "source": self.source,
            "repository": self.repository,
            "messages": list(self.messages),
            "kind": self.kind,
            "meaning": self.meaning,
            "causes": list(self.causes),
            "fixes": list(self.fixes),
            "next": self.next,
            "diagnosis": self.diagnosis,
        }


@dataclass(frozen=True, slots=True)
class Explanation:
    """What `explain` found for a text."""

    matched: bool
    """Did a known message occur in the text?"""
    entry: Entry | None
    """The most specific entry that matched, or None."""
    candidates: tuple[Entry, ...] = ()
    """Not matched: the closest entries, best first. Matched: the other entries
    whose messages also occur in the text (the same words printed by another library)."""
    excerpt: str | None = None
    """The part of the text that matched the entry's message."""
    message: str | None = None
    """The entry's template that matched."""

    def to_json(self) -> dict[str, Any]:
        """The contract of `explain --json` (SPEC section 2), without `diagnosis`."""
        entry = self.entry
        return {
            "matched": self.matched,
            "id": entry.id if entry else None,
            "library": entry.library if entry else None,
            "source": entry.source if entry else None,
            "kind": entry.kind if entry else None,
            "message": self.message,
            "excerpt": self.excerpt,
            "meaning": entry.meaning if entry else None,
            "causes": list(entry.causes) if entry else [],
            "fixes": list(entry.fixes) if entry else [],
            "next": entry.next if entry else None,
            "candidates": [
                {"id": c.id, "library": c.library, "message": c.messages[0], "next": c.next}
                for c in self.candidates
            ],
        }


@dataclass(frozen=True, slots=True)
class _Template:
    entry: Entry
    template: str
    anchor: str
    """A word every matching text holds (lower case): a cheap test before the regex."""
    specificity: int
    """Literal characters of the template plus its placeholders' weights."""
    sample: str
    """The template with its placeholders removed, for the similarity of unknown texts."""

    @property
    def regex(self) -> re.Pattern[str]:
        return _regex(self.template, self.entry.case_sensitive)


class KnowledgeBaseError(Exception):
    """The knowledge base file does not hold what this module needs (a bug of ours)."""


def _required(raw: dict[str, Any], name: str, where: str) -> Any:
    if name not in raw:
        raise KnowledgeBaseError(f"{where}: no {name!r}")
    return raw[name]


def _strings(
    raw: dict[str, Any], name: str, where: str, *, required: bool = True
) -> tuple[str, ...]:
    value = raw.get(name, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise KnowledgeBaseError(f"{where}: {name!r} must be a list of strings")
    if required and not value:
        raise KnowledgeBaseError(f"{where}: {name!r} is empty")
    return tuple(value)


def parse_knowledge_base(document: dict[str, Any]) -> tuple[Entry, ...]:
    """Entries of a parsed knowledge-base document; a kind supplies the causes,
    fixes, next command and diagnosis that an entry does not give itself."""
    kinds = document.get("kinds", {})
    libraries = document.get("libraries", {})
    entries: list[Entry] = []
    seen: set[str] = set()
    for i, raw in enumerate(document.get("entry", [])):
        where = f"{KB_FILE} entry {i + 1}"
        entry_id = _required(raw, "id", where)
        where = f"{KB_FILE} entry {entry_id!r}"
        if entry_id in seen:
            raise KnowledgeBaseError(f"{where}: the id is used twice")
        seen.add(entry_id)
        kind_name = _required(raw, "kind", where)
        if kind_name not in kinds:
            raise KnowledgeBaseError(f"{where}: unknown kind {kind_name!r}")
        kind = {**kinds[kind_name], **raw}
        diagnosis = _required(kind, "diagnosis", where)
        if diagnosis not in DIAGNOSES:
            raise KnowledgeBaseError(f"{where}: diagnosis must be one of {DIAGNOSES}")
        library_key = _required(raw, "library", where)
        if library_key not in libraries:
            raise KnowledgeBaseError(f"{where}: unknown library {library_key!r}")
        library = {**libraries[library_key], **raw}
        entries.append(
            Entry(
                id=entry_id,
                library=_required(libraries[library_key], "name", where),
                source=f"{_required(raw, 'source', where)}@{_required(library, 'version', where)}",
                repository=_required(library, "repository", where),
                messages=_strings(raw, "messages", where),
                meaning=_required(raw, "meaning", where),
                causes=_strings(kind, "causes", where),
                fixes=_strings(kind, "fixes", where),
                next=_required(kind, "next", where),
                diagnosis=diagnosis,
                kind=kind_name,
                examples=_strings(raw, "examples", where, required=False),
                hints=_strings(raw, "hints", where, required=False),
                case_sensitive=bool(raw.get("case_sensitive", False)),
            )
        )
    return tuple(entries)


@cache
def knowledge_base() -> tuple[Entry, ...]:
    """Every entry of the packaged knowledge base, read once."""
    text = resources.files("jwtfix").joinpath("data", KB_FILE).read_text(encoding="utf-8")
    return parse_knowledge_base(tomllib.loads(text))


def compile_template(template: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """The regex of a message template (see PLACEHOLDERS and the module docstring)."""
    parts: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        parts.append(_literal(template[pos : m.start()]))
        parts.append(PLACEHOLDERS[m.group(1)][0])
        pos = m.end()
    tail = template[pos:].rstrip()
    parts.append(_literal(tail.rstrip(".")))
    if tail.endswith("."):
        parts.append(r"\.?")  # a final full stop is often dropped or added
    body = "".join(parts)
    # A message that starts or ends with a word must not match inside a longer word.
    if template[:1].isalnum():
        body = r"(?<![A-Za-z0-9])" + body
    if tail.rstrip(".")[-1:].isalnum():
        body += r"(?![A-Za-z0-9])"
    flags = re.DOTALL if case_sensitive else re.IGNORECASE | re.DOTALL
    return re.compile(body, flags)


def _literal(text: str) -> str:
    out: list[str] = []
    for chunk in re.split(r"(\s+)", text):
        if not chunk:
            continue
        if chunk.isspace():
            out.append(r"\s*")
            continue
        out.append("".join(_QUOTE_RE if ch in _QUOTES else re.escape(ch) for ch in chunk))
    return "".join(out)


def _anchor(template: str) -> str:
    literal = _PLACEHOLDER.sub(" ", template).lower()
    words = _WORD.findall(literal)
    return max(words, key=len) if words else ""


@cache
def _templates() -> tuple[_Template, ...]:
    return tuple(
        _Template(
            entry=entry,
            template=template,
            anchor=_anchor(template),
            specificity=specificity(template),
            sample=" ".join(_PLACEHOLDER.sub(" ", template).lower().split()),
        )
        for entry in knowledge_base()
        for template in entry.messages
    )


@cache
def _regex(template: str, case_sensitive: bool) -> re.Pattern[str]:
    # Compiled on first need: a text reaches the regexes of the few templates whose
    # anchor word it holds, so most of the knowledge base is never compiled.
    return compile_template(template, case_sensitive=case_sensitive)


def specificity(template: str) -> int:
    """How much of a text a template pins down: its literal characters (a final full
    stop aside), plus weights for typed placeholders. The most specific match wins."""
    weights = sum(PLACEHOLDERS[m.group(1)][1] for m in _PLACEHOLDER.finditer(template))
    literal = _PLACEHOLDER.sub("", template).rstrip().rstrip(".")
    return weights + sum(1 for ch in literal if not ch.isspace())


def normalize(text: str) -> str:
    """The text as the templates are matched against it: JSON string escapes undone
    (a message inside a JSON body or a logged JSON line), whitespace collapsed."""
    text = text[:MAX_TEXT]
    if "\\" in text:
        text = _JSON_ESCAPES.sub(_unescape, text)
    return " ".join(text.split())


def _unescape(m: re.Match[str]) -> str:
    if m.group(1):
        char = chr(int(m.group(1), 16))
        return " " if char.isspace() or not char.isprintable() else char
    char = m.group(2)
    return _SIMPLE_ESCAPES.get(char, char)


def explain(message: str) -> Explanation:
    """What a text (a message, log excerpt, JSON body or header value) means."""
    text = normalize(message)
    lowered = text.lower()
    hits: list[tuple[int, int, _Template, re.Match[str]]] = []
    aligned = len(lowered) == len(text)  # lower() can change the length of some letters
    present: dict[str, bool] = {}  # templates share anchor words: look each up once
    for item in _templates():
        if item.anchor:
            if item.anchor not in present:
                present[item.anchor] = item.anchor in lowered
            if not present[item.anchor]:
                continue
        m = _search(item, text, lowered if aligned else None)
        if m is None:
            continue
        bonus = sum(20 for hint in item.entry.hints if hint.lower() in lowered)
        hits.append((item.specificity + bonus, -len(hits), item, m))
    if not hits:
        return Explanation(matched=False, entry=None, candidates=closest(_error_line(message)))
    hits.sort(key=lambda hit: (hit[0], hit[1]), reverse=True)
    _, _, best, m = hits[0]
    others: list[Entry] = []
    for _, _, item, _ in hits[1:]:
        if item.entry is not best.entry and item.entry not in others:
            others.append(item.entry)
    return Explanation(
        matched=True,
        entry=best.entry,
        candidates=tuple(others[:5]),
        excerpt=m.group(0),
        message=best.template,
    )


def _search(item: _Template, text: str, lowered: str | None) -> re.Match[str] | None:
    """The template's first match. In a long text where its anchor word is rare, only
    the text around each occurrence of that word is searched."""
    regex = item.regex
    if lowered is None or not item.anchor or len(text) <= 4 * _WINDOW:
        return regex.search(text)
    if lowered.count(item.anchor) * 2 * _WINDOW > len(text):
        return regex.search(text)  # the word is everywhere: one pass is cheaper
    covered = 0
    start = lowered.find(item.anchor)
    while start != -1:
        if start >= covered:
            m = regex.search(text, max(0, start - _WINDOW), start + _WINDOW)
            if m is not None:
                return m
            # A match holding the word at a later position p spans at most
            # [p - _SPAN, p + _SPAN]: inside this window while p <= start + _SPAN.
            covered = start + _WINDOW - _SPAN
        start = lowered.find(item.anchor, start + 1)
    return None


_ERROR_WORDS = re.compile(
    r"error|exception|fail|invalid|denied|unauthori[sz]ed|forbidden|expired|reject|\b401\b",
    re.IGNORECASE,
)


def _error_line(message: str) -> str:
    """The line of a log excerpt that reads like an error (the first one), or the text."""
    lines = message[:MAX_TEXT].splitlines()
    if len(lines) > 1:
        for line in lines:
            if _ERROR_WORDS.search(line):
                return normalize(line)
    return normalize(message[:2000])


def closest(text: str, limit: int = 3) -> tuple[Entry, ...]:
    """The entries whose messages read most like `text` (for a message we do not know)."""
    probe = text[:300].lower()
    if not probe.strip():
        return ()
    best: dict[str, tuple[float, Entry]] = {}
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(probe)
    for item in _templates():
        matcher.set_seq1(item.sample)
        if matcher.real_quick_ratio() < 0.2:
            continue
        ratio = matcher.ratio()
        previous = best.get(item.entry.id)
        if previous is None or ratio > previous[0]:
            best[item.entry.id] = (ratio, item.entry)
    ranked = sorted(best.values(), key=lambda pair: pair[0], reverse=True)
    return tuple(entry for ratio, entry in ranked[:limit] if ratio >= 0.2)


def entries() -> tuple[Entry, ...]:
    """Every known entry, in the order of the knowledge base (for `--list`)."""
    return knowledge_base()


@dataclass(frozen=True, slots=True)
class Diagnosis:
    """What `explain --token` ran on the token, and what it found."""

    command: str
    """`expiry` or `verify`."""
    report: Any
    """The command's report: an `ExpiryReport` or a `VerifyReport`."""
    failed: bool
    """Did the command find a problem with the token (its exit code would be 1)?"""
    claims: dict[str, Any] | None = None
    """The token's claims (for the expiry renderer's table of times)."""
    verdict: str = ""
    """One sentence: does the token show the problem the message names (`verdict()`)."""


# verify's reasons that are what an entry of a kind says, so that the verdict can
# say whether the token shows the problem the message names.
_REASONS_OF_KIND = {
    "expired": {"expired"},
    "max_age": {"expired"},
    "not_yet_valid": {"not_yet_valid"},
    "issued_in_future": {"issued_in_future"},
    "signature": {"invalid_signature", "key_type_mismatch", "weak_key"},
    "key_not_found": {"kid_not_found", "kid_ambiguous", "invalid_signature"},
    "keyfunc": {"kid_not_found", "alg_not_allowed", "key_type_mismatch", "invalid_signature"},
    "audience": {"audience_mismatch"},
    "issuer": {"issuer_mismatch"},
    "claim_mismatch": {"audience_mismatch", "issuer_mismatch", "subject_mismatch"},
    "missing_claim": {"missing_claim"},
    "alg_not_allowed": {"alg_not_allowed", "alg_none", "key_type_mismatch"},
    "alg_none": {"alg_none"},
    "key_type": {"key_type_mismatch", "alg_not_allowed"},
    "weak_key": {"weak_key"},
    "malformed": {"malformed"},
    "invalid_claim_type": {"malformed"},
}
_EXPIRY_OF_KIND = {
    "expired": {"expired"},
    "max_age": {"expired"},
    "not_yet_valid": {"not_yet_valid"},
    "issued_in_future": {"not_yet_valid"},
}


def verdict(explanation: Explanation, diagnosis: Diagnosis) -> str:
    """One sentence: does the token show the problem the message names?"""
    entry = explanation.entry
    kind = entry.kind if entry else None
    report = diagnosis.report
    if diagnosis.command == "verify":
        if report.valid:
            return (
                f"The token verifies with {report.key} and these settings: the service that "
                "printed the message checks it with another key or other settings, or got "
                "another token."
            )
        if kind is not None and report.reason in _REASONS_OF_KIND.get(kind, set()):
            return f"verify finds {report.reason}: the token shows the problem the message names."
        return f"verify finds {report.reason} first: {report.message}"
    status = str(getattr(report.status, "value", report.status))
    warnings = " ".join(report.warnings)
    if kind == "issued_in_future" and "iat" in warnings:
        return "The token's iat is in the future by this clock too: the issuer's clock runs ahead."
    if kind in _EXPIRY_OF_KIND:
        if status in _EXPIRY_OF_KIND[kind]:
            return f"The token is {status.replace('_', ' ')} by this clock: that is the cause."
        if kind in ("expired", "max_age"):
            return (
                f"The token is {status.replace('_', ' ')} by this clock: the server's clock "
                "runs ahead of this one, or the server received another (older) token."
            )
        return (
            f"The token is {status.replace('_', ' ')} by this clock: the server's clock runs "
            "behind the issuer's, or the server received another token."
        )
    if status == "expired":
        return "The token has also expired: get a fresh one before looking further."
    if entry is not None:
        return f"The token's times are fine ({status}); to check the rest: {entry.next}"
    return f"The token's times are fine ({status})."
