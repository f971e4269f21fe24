"""From an error message to its cause: the knowledge base of what JWT libraries print.

The messages, what they mean, their causes and fixes are data
(`jwtfix/data/explain.toml`), not code. This module owns reading that data,
compiling each message template into a regular expression (on first need), and
matching a text against them: a bare message, a log line, a stack trace, a JSON
error body or a `WWW-Authenticate` header value.

How a text is attributed (SPEC 4.4):
1. the library the text names (a namespace, an exception class, a package path, a
   product code such as `AADSTS`, `IDX`, `PGRST`: `names` of a library) wins over
   any other library printing the same words;
2. then the most specific matching message (its literal text, typed placeholders,
   the hints of its entry; a product code right before it that is another entry's
   code counts against it; a hint that is only a word for a token, `jwt`, names no
   one); a message that wraps another (`... callback: {any}`), or only says a token
   was refused and quotes why (`Invalid JWT: {any}`), gives way to the known message
   it quotes after its own words (its library still speaks for them when the text
   names it or the wrapper's words are its own), and the innermost `Caused by:` of a
   chain weighs a little more; a library's own "token refused" followed by a clause
   saying which check failed (`invalid bearer token, ... does not match claim`) takes
   that clause's kind, and a "token not found" beside a request whose `Authorization`
   header has another scheme than Bearer says the scheme is wrong;
3. who answers for the words: the libraries in whose voice the text is (its
   "speakers") are those it names outside their own matched words, and the library
   of a message that quotes another's. A product code inside a library's own words
   (`IDX10205: Issuer validation failed`) names who wrote the words, not who
   reports them. So, for words of library B:
   - B is a speaker (named apart from its words: its exception class, its code in a
     JSON field), or there is no speaker: B's entry;
   - product A is a speaker and B is not: A answers, with the kind B's words say
     and none of B's fix text (Azure APIM's validate-jwt quoting IDX10205, Supabase's
     `invalid JWT: ..., {any}` quoting golang-jwt, a gateway quoting a library);
   - unless A is a mere host of B (`[generic.hosts]`: a framework that runs B in the
     user's own process and passes B's errors on, as ASP.NET Core does IdentityModel's)
     and the words are B's own (long, or with B's hint or name, or quoted by A's own
     wrapper message, as PyLTI1p3's `Can't decode id_token: {any}` quotes PyJWT): then
     B's entry, since the fix is in B's settings;
4. a product error code is its entry's without any words: a code with letters
   (`AADSTS50013`, `IDX10223`: the code in front of an entry's template) always; a
   bare number (Twilio `20102`: an entry's `codes`) only where the text names the
   product, or as the value of a code field (`"code": 900900`, `Error Code: 20101`)
   of five digits or more in a text about authentication, so that a number in an
   unrelated text never is one; a code standing for entries of several kinds
   (`AADSTS50013`) takes the kind the words after it say, and a code of one kind
   whose own words the text lacks takes the kind its line says (Ably's `40144`,
   "invalid JWT format", beside `Error verifying JWT; err = jwt expired`);
5. a short phrase of a library the text does not name (`token expired`, `Invalid
   token`), of a kind many print or only "invalid", gives way to the kind the rest of
   its line says (`invalid_grant: token expired` is a refresh token refused);
5b. words several libraries print alike (the same part of the text, the same kind, and
   nothing in the text to tell them apart: no name, no hint, no case) in a text that
   names none of them: the answer says so (`printed_by`, the answering library first)
   and gives only what is true for all of them (a meaning, causes or fixes of one
   library's own give way to the kind's). The library that answers is the most likely
   one: a library the text names anywhere, then one whose hints it holds (both decided
   by the score above, so no tie remains), then the knowledge base's order (the
   libraries of `explain.toml`, the most used, before the areas' parts in `explain.d/`);
6. a text that names a library whose messages do not match is that library's, with
   the explanation of the kind of problem its words say (expired, signature, ...); so is
   a text naming none that holds an exception class about a token its entries hint
   (python-jose's `JWTClaimsError`; not the JDK's `InvalidKeyException`), of the first
   library in the knowledge base's order that hints it (jjwt's `ExpiredJwtException`
   before Atlassian's), its entries' kind when its words say none;
7. a text that names no known library but is clearly about a token gets the
   explanation of its kind, saying the library is unknown: the first kind in
   `[generic].order` one of whose signals occurs in the line that matters (the
   innermost `Caused by:`, a `WWW-Authenticate` error_description, then error-like
   lines; stack frames last); other texts (TLS certificates, AWS request
   signatures, CSRF, passwords, OAuth client errors: `[generic].not_jwt`) match
   nothing unless they call what failed a JWT in so many words, and so does a text
   that names no JWT library but a thing that prints a token's words without being one
   (a chat bot's token, Rails' signed messages: `[generic].not_jwt_names`).

Matching ignores case, runs of whitespace, trailing punctuation, the kind of quote
and JSON string escaping, and finds a message anywhere in a text, so log prefixes,
exception class names, `Caused by:` and JSON bodies around it do not matter. A
product code in front of a message (`IDX10205: `) may be there or not.

The TOML (`explain.toml` and the parts in `explain.d/`) is the reviewed source;
`explain.jsonl` beside it is the same document pre-parsed (the stdlib's JSON reader
is several times faster than its TOML reader, and start-up is a feature): a first
line with all a run needs to match (kinds, libraries and their names, the templates'
words, anchors and specificity, the product codes), then one line an entry, read by
its byte offset only when a text matches it, so that start-up stays flat as the
knowledge base grows. `build_index` makes it; a test keeps the two in step
(`python scripts/build_explain_index.py` after editing the TOML).
"""

from __future__ import annotations

import itertools
import json
import os
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from functools import cache
from typing import Any


class _Lazy:
    """A regular expression compiled on its first use: most runs of `explain` need only
    a few of this module's, and start-up is a feature."""

    __slots__ = ("_args", "_regex")

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._args = (pattern, flags)
        self._regex: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._regex is None:
            self._regex = re.compile(*self._args)
        return getattr(self._regex, name)


KB_FILE = "explain.toml"
KB_PARTS = "explain.d"
"""More libraries and their entries, a TOML file an area (`explain.d/*.toml`, read in
the order of their names after `explain.toml`): only `[libraries]` and `[[entry]]`."""
INDEX_FILE = "explain.jsonl"
"""The knowledge base pre-parsed: its first line is everything but the entries (the
kinds, the libraries, the templates' words, anchors and specificity, the entries'
byte offsets), and each further line one entry, read when a text needs it: start-up
reads the first line only, and stays flat as the knowledge base grows."""

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
    r"|System\.DateTime"
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
_PLACEHOLDER = _Lazy(r"\{(" + "|".join(PLACEHOLDERS) + r")\}")
# The same placeholders for the lower-cased text the matcher searches: a regex without
# IGNORECASE compiles several times faster, and start-up is a feature.
_LOWER_DATE = (
    _DATE.replace("[A-Z][a-z]{2}", "[a-z]{3}")
    .replace("[T ]", "[t ]")
    .replace("Z|UTC|GMT", "z|utc|gmt")
    .replace("(?: GMT)", "(?: gmt)")
    .replace("[A-Z]{2,5}", "[a-z]{2,5}")
    .replace("[AP]M", "[ap]m")
    .replace("System\\.DateTime", "system\\.datetime")
    .replace("\\[PII", "\\[pii")
)
LOWER_PLACEHOLDERS: dict[str, str] = {
    **{name: regex for name, (regex, _) in PLACEHOLDERS.items()},
    "date": _LOWER_DATE,
    "alg": r"(?:none|[a-z]{2,6}\d{0,3}[a-z0-9+-]{0,8})",
}
# Any quote in a template matches any quote in the text, escaped or not: libraries,
# proxies and JSON encoders change them (express-oauth2-jwt-bearer turns " into ').
_QUOTES = "\"'`\u2018\u2019\u201c\u201d"
_QUOTE_RE = r"(?:\\?[" + re.escape(_QUOTES) + r"]|&#39;|&quot;)"
_JSON_ESCAPES = _Lazy(r"\\(?:u([0-9a-fA-F]{4})|([\"\\/bfnrt']))")
# Characters a web page or chat puts into a copied text that take no room: the zero-width
# space, the word joiner, a byte-order mark, the soft hyphen. (Zero-width joiners and
# non-joiners stay: Persian and Indic words are written with them.)
_INVISIBLE = dict.fromkeys(map(ord, "\u200b\u2060\ufeff\u00ad"))
_SIMPLE_ESCAPES = {"b": " ", "f": " ", "n": "\n", "r": "\n", "t": " "}
# Terminal colours in a pasted log: the escape sequences themselves, or what is left of them
# where the escape character was lost on the way (`[31mjwt expired[39m` in an issue thread:
# such leftovers come at least in pairs, and `[0ms]` or `[5m]` is a duration).
_COLOUR = _Lazy(r"\x1b\[[0-9;?]*[A-Za-z]")
_COLOUR_LEFT = _Lazy(r"\[(?:[0-9]|[1-4][0-9]|9[0-7]|10[0-7])(?:;[0-9]{1,3}){0,4}m(?!\]|s(?![a-z]))")
_WORD = _Lazy(r"[a-z0-9]{4,}")
_TEXT_WORD = re.compile(r"[a-z0-9]+")
# Words in other scripts. Where words are written apart (Cyrillic, Greek, Arabic, Hebrew), a
# template's letters between spaces are words a text must hold too. Where they are not (Chinese,
# Japanese, Korean, Thai), a run of letters is a whole clause, so a template in those scripts
# needs only that the text has some of them: the `_SPACELESS` word stands for that.
_OTHER_WORD = _Lazy(r"[^\W\d_a-zA-Z]+")
_SPACELESS_CHARS = _Lazy(r"[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff]")
_SPACELESS = "~spaceless"
_CASE_WORD = _Lazy(r"[A-Za-z][A-Za-z0-9]+")
# A product code in front of a message: `IDX10223: `, `AADSTS50013: `, `PGRST301: `.
_CODE_PREFIX = _Lazy(r"^([A-Z]{2,8}\d{3,6}):\s+")
_BARE_CODE = _Lazy(r"([A-Z]{2,8}\d{3,6})")
"""A template that is a product code alone (`IDX10214`)."""
_TRAILING = " \t.!;,:"
"""Punctuation at the end of a template that a pasted text may lack or add."""

_SPAN = 3_000
"""More characters than any template's match spans on either side of its anchor word."""
_WINDOW = 2 * _SPAN

MAX_TEXT = 10_000_000
"""Characters of a text that are looked at (a pasted log excerpt, not a whole log)."""

# Score of a match: the specificity of its template, and these for what the text says.
_HINT_BONUS = 20
"""Per hint of the entry (an exception class, a module path) the text holds."""
_NAMED_BONUS = 60
"""When the text names the entry's library: it outweighs any same-words message."""
_CASE_BONUS = 3
_CASE_PENALTY = 15
"""When the entry's case tells it from another library's: the text in that case, or not."""
_DISTINCTIVE = 30
"""A template this specific is one library's own words, not a phrase many print."""

_STOP_BONUS = 1
"""For a message whose final full stop agrees with the text's: two libraries printing the
same words, one with a full stop (python-jose's `Signature has expired.`) and one without
(PyJWT's), are told apart by it when nothing else tells them."""

_CODELESS = 20
"""A template after a product code matches a text without the code only when its own
words are this specific: `Audience validation failed.` is IDX10214's even alone, `Invalid
JWT token. {any}` is AADSTS50027's only after its code."""

GENERIC_ID = "generic"
"""The id prefix of an answer about a kind of problem, not one library's message."""


class Library:
    """A library, framework, gateway or identity provider of the knowledge base.

    (A plain class, not a dataclass: the few classes `explain` needs at start-up are
    cheaper to create this way, and start-up is a feature.)"""

    __slots__ = ("broad", "key", "kind", "name", "names", "repository", "version")

    def __init__(
        self,
        key: str,
        name: str,
        repository: str,
        version: str,
        names: tuple[str, ...] = (),
        kind: str = "",
        broad: bool = False,
    ) -> None:
        self.key = key
        self.name = name
        self.repository = repository
        self.version = version
        self.names = names
        """How a text names it (lower case): a namespace, an exception class, a package
        path; `re:` starts a regular expression (a product code such as `IDX\\d{5}`)."""
        self.kind = kind
        """The kind of every error it reports, for a library that reports one kind only
        (a decoder's errors are all malformed tokens); empty when its words must say."""
        self.broad = broad
        """A product most of whose errors are about other things than tokens (a database,
        GitHub's API, a web framework): a text naming it answers by the name alone only
        when it also speaks of a token or its words say a kind."""


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
    """The message's case tells it from another library's same words (a tie-break:
    matching itself ignores case)."""
    library_key: str = ""
    """The key of the library in the knowledge base ("" for a kind-level answer)."""
    wrapper: bool = False
    """The message announces other errors quoted after it (`... details: {any}`): a
    known message found after it in the text is the answer."""
    codes: tuple[str, ...] = ()
    """The product's error codes for this message (`20102`, `900901`): a text holding
    one in the context of the product (see `_code_hits`) is this entry's, words or not."""
    common: bool = False
    """The words are a phrase many libraries print ("Token has expired"): without the
    library named in the text (or a hint of it), the answer is the kind's, not this
    library's."""

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
    """Did a known message, a library's name or a kind of token problem occur in the text?"""
    entry: Entry | None
    """The entry that matched; for a kind-level answer, one made of the kind."""
    candidates: tuple[Entry, ...] = ()
    """Not matched: the closest entries, best first. Matched: the other entries
    whose messages also occur in the text (the same words printed by another library)."""
    excerpt: str | None = None
    """The part of the text that matched (the line that matters, for a kind-level answer)."""
    message: str | None = None
    """The entry's template that matched (None for a kind-level answer)."""
    library_known: bool = True
    """False when no library is named and no message is known: a kind-level answer."""
    printed_by: tuple[Entry, ...] = ()
    """When the text names no library and several print the matched words (the same
    words, the same kind): their entries, the one answering (`entry`'s) first; then
    `entry`'s meaning, causes and fixes are its own only where true for all of them,
    else its kind's. Empty when the words are one library's."""

    def to_json(self) -> dict[str, Any]:
        """The contract of `explain --json` (SPEC section 2), without `diagnosis`."""
        entry = self.entry
        known = entry is not None and self.library_known
        return {
            "matched": self.matched,
            "id": entry.id if entry else None,
            "library": entry.library if known and entry else None,
            "library_known": known,
            "source": entry.source if known and entry else None,
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
            "printed_by": [{"id": e.id, "library": e.library} for e in self.printed_by],
        }


class Kind:
    """A family of problem: what it means, its causes and fixes, and its signals."""

    __slots__ = ("causes", "diagnosis", "fixes", "meaning", "name", "next", "signals")

    def __init__(self, name: str, raw: dict[str, Any]) -> None:
        self.name = name
        self.meaning = str(raw.get("meaning", ""))
        self.causes = tuple(str(c) for c in raw.get("causes", ()))
        self.fixes = tuple(str(f) for f in raw.get("fixes", ()))
        self.next = str(raw.get("next", ""))
        self.diagnosis = str(raw.get("diagnosis", "verify"))
        self.signals = tuple(str(x) for x in raw.get("signals", ()))
        """Regular expressions whose presence in a token's error says this kind."""


_Name = tuple[int, int, str, str]
"""A library's name as `_name_spans` tries it: (library's place, name's place, library, name)."""
_NameCandidates = tuple[dict[str, list[_Name]], dict[str, list[_Name]], list[_Name]]


class KnowledgeBase:
    """The parsed knowledge base: entries, libraries, kinds and the generic rules.

    Built from a whole document (the TOML's), or from the first line of the index
    (INDEX_FILE) and the index file itself: then an entry, the libraries' details and
    the templates of an anchor word are each read from their own line when first
    needed, and an entry is built on first use (`entry(i)`): a run of `explain` needs
    a handful of the hundreds, and start-up is a feature. `entries` builds and checks
    them all."""

    __slots__ = (
        "_built",
        "_class_hints",
        "_document",
        "_facts",
        "_hint_kinds",
        "_libraries",
        "_library_documents",
        "_lines",
        "_name_candidates",
        "_raw",
        "_split",
        "_token_hints",
        "codes",
        "hosts",
        "kind_order",
        "kinds",
        "name_runs",
        "names",
        "names_anywhere",
        "not_jwt",
        "not_jwt_names",
        "token_words",
    )

    def __init__(self, document: dict[str, Any], lines: _Lines | None = None) -> None:
        self._document = document
        self._lines = lines
        self._raw: list[dict[str, Any] | None] = (
            list(document.get("entry", [])) if lines is None else [None] * len(document["_entries"])
        )
        self._built: list[Entry | None] = [None] * len(self._raw)
        self._libraries: dict[str, Library] | None = None
        self._library_documents: dict[str, dict[str, Any]] | None = None
        self._class_hints: dict[str, tuple[str, tuple[str, ...]]] | None = None
        self._token_hints: frozenset[str] | None = None
        self._hint_kinds: dict[str, list[list[str]]] | None = None
        self._facts: list[list[Any]] | None = None
        self._name_candidates: _NameCandidates | None = None
        names = document.get("_names")  # the index holds them as _names() gives them
        if names is None:
            names = {
                key: _names(lib.get("names", [])) for key, lib in self.library_documents().items()
            }
        self.names: dict[str, tuple[str, ...]] = {key: tuple(value) for key, value in names.items()}
        """How a text names each library (lower case; `re:` starts a regular expression)."""
        lookup = document.get("_name_lookup")
        if lookup is None:
            lookup = _name_lookup(self.names)
        self.names_anywhere = frozenset(lookup["anywhere"])
        """The names that do not start with a word's first three characters (`@scope/`,
        `(openid_connect)`): looked for in every text."""
        self.name_runs: dict[str, list[list[str]]] = lookup["runs"]
        """For each `re:` name, the runs of characters each of its alternatives needs."""
        self.kinds = {name: Kind(name, k) for name, k in document.get("kinds", {}).items()}
        generic = document.get("generic", {})
        self.kind_order = tuple(str(k) for k in generic.get("order", ()))
        """The kinds a text is tested for, in this order (the first whose signal occurs wins)."""
        self.token_words = str(generic.get("token_words", ""))
        """A regular expression: the text is about a token (JWT, bearer, ID token, ...)."""
        self.not_jwt = str(generic.get("not_jwt", ""))
        """A regular expression: the text is about something else (TLS, CSRF, AWS SigV4, ...)."""
        self.not_jwt_names = str(generic.get("not_jwt_names", ""))
        """A regular expression: things that are no JWT but print a token's words (a chat
        bot's token, Rails' signed messages, a payment nonce): a text that names one and no
        JWT library is about it, whatever words it holds."""
        split = document.get("_alternatives", {})
        self._split: dict[str, tuple[tuple[tuple[str, ...], str], ...]] = {
            getattr(self, name): tuple((tuple(runs), alt) for runs, alt in split[name])
            for name in _SPLIT_PATTERNS
            if name in split
        }
        self.hosts: dict[str, frozenset[str]] = {
            str(key): frozenset(str(v) for v in value)
            for key, value in generic.get("hosts", {}).items()
        }
        """A framework that runs another library in the user's own process and passes its
        errors on (ASP.NET Core and IdentityModel): the other library's words are the answer
        in a text that names the framework."""
        self.codes: dict[str, list[int]] | None = document.get("_codes")
        """{product code: entry indices}, precomputed in the index (`_code_index`)."""

    def alternatives(self, pattern: str) -> tuple[tuple[tuple[str, ...], str], ...]:
        """`_alternatives(pattern)`, as the index holds it for `not_jwt` and
        `not_jwt_names` (splitting those long regexes at each start costs milliseconds)."""
        split = self._split.get(pattern)
        return split if split is not None else _alternatives(pattern)

    def library_documents(self) -> dict[str, dict[str, Any]]:
        """The libraries' documents, read from the index file once (every entry built
        needs them)."""
        if self._library_documents is None:
            if self._lines is None:
                self._library_documents = self._document.get("libraries", {})
            else:
                self._library_documents = self._lines.read(self._document["_libraries"])
        return self._library_documents

    @property
    def hint_kinds(self) -> dict[str, list[list[str]]]:
        """{library: [[a hint of one of its entries (lower case), that entry's kind], ...]},
        read from its own line of the index when first needed (`_hint_kind_index`)."""
        if self._hint_kinds is None:
            if self._lines is None:
                self._hint_kinds = _hint_kind_index(self.entries)
            else:
                self._hint_kinds = self._lines.read(self._document["_hint_kinds"])
        return self._hint_kinds

    @property
    def class_hints(self) -> dict[str, tuple[str, tuple[str, ...]]]:
        """{an exception class among the entries' hints (lower case): (its one library, the
        kinds of its entries)}, precomputed in the index (`_class_hint_index`)."""
        if self._class_hints is None:
            found = self._document.get("_class_hints") or _class_hint_index(self.entries)
            self._class_hints = {hint: (key, tuple(kinds)) for hint, (key, kinds) in found.items()}
        return self._class_hints

    @property
    def token_hints(self) -> frozenset[str]:
        """The entries' hints (lower case) that are only a word for a token (`jwt`,
        `bearer`), precomputed in the index (`_token_hint_index`)."""
        if self._token_hints is None:
            found = self._document.get("_token_hints")
            if found is None:
                found = _token_hint_index(self.entries, self.token_words)
            self._token_hints = frozenset(found)
        return self._token_hints

    @property
    def libraries(self) -> dict[str, Library]:
        if self._libraries is None:
            self._libraries = {
                key: Library(
                    key=key,
                    name=str(lib.get("name", key)),
                    repository=str(lib.get("repository", "")),
                    version=str(lib.get("version", "")),
                    names=_names(lib.get("names", [])),
                    kind=str(lib.get("kind", "")),
                    broad=bool(lib.get("broad", False)),
                )
                for key, lib in self.library_documents().items()
            }
        return self._libraries

    def raw(self, index: int) -> dict[str, Any]:
        """The entry's document, read from the index file on first need."""
        raw = self._raw[index]
        if raw is None:
            assert self._lines is not None  # a lazy base has its lines
            raw = self._raw[index] = self._lines.read(self._document["_entries"][index])
        return raw

    def entry(self, index: int) -> Entry:
        built = self._built[index]
        if built is None:
            raw = self.raw(index)
            built = _entry(self._document["kinds"], self.library_documents(), raw, index)
            self._built[index] = built
        return built

    @property
    def entries(self) -> tuple[Entry, ...]:
        seen: set[str] = set()
        for i in range(len(self._raw)):
            entry_id = self.raw(i).get("id")
            if entry_id in seen:
                raise KnowledgeBaseError(f"{KB_FILE} entry {entry_id!r}: the id is used twice")
            if isinstance(entry_id, str):
                seen.add(entry_id)
            self.entry(i)
        return tuple(self.entry(i) for i in range(len(self._raw)))

    def name_candidates(self) -> _NameCandidates:
        """The names a text may hold, each as (library's place, name's place among the
        library's, library, name): by the first three characters of the word a name begins
        as; the names looked for anywhere (`names_anywhere`: `@scope/`, `re:` names) by three
        characters any text holding them holds (a regular expression's by the first three of
        the longest run of characters each of its alternatives needs); and the few with no
        such characters, looked for in every text."""
        if self._name_candidates is None:
            by_start: dict[str, list[_Name]] = {}
            by_part: dict[str, list[_Name]] = {}
            always: list[_Name] = []
            for place, (key, names) in enumerate(self.names.items()):
                for order, name in enumerate(names):
                    item = (place, order, key, name)
                    if name not in self.names_anywhere:
                        by_start.setdefault(name[:3], []).append(item)
                        continue
                    parts = (
                        [runs[0][:3] if runs else "" for runs in self.name_runs[name]]
                        if name.startswith("re:")
                        else [name[:3] if len(name) >= 3 else ""]
                    )
                    if "" in parts:
                        always.append(item)
                        continue
                    for part in dict.fromkeys(parts):
                        by_part.setdefault(part, []).append(item)
            self._name_candidates = (by_start, by_part, always)
        return self._name_candidates

    def facts(self, words: frozenset[str] | None = None) -> list[list[Any]]:
        """[position, entry index, template, code, words, anchor, specificity] of the
        templates whose anchor word is among `words` (all of them for None), in the
        order of the knowledge base."""
        if self._lines is None:
            if self._facts is None:
                self._facts = _all_facts(self.entries)
            return [f for f in self._facts if words is None or not f[5] or f[5] in words]
        anchors: dict[str, int] = self._document["_anchors"]
        keys = anchors if words is None else [w for w in (*words, "") if w in anchors]
        offsets = sorted(anchors[key] for key in keys)
        found = [fact for group in self._lines.read_many(offsets) for fact in group]
        return sorted(found, key=lambda fact: int(fact[0]))


def _names(names: list[Any]) -> tuple[str, ...]:
    return tuple(str(n) if str(n).startswith("re:") else str(n).lower() for n in names)


def _name_lookup(names: dict[str, tuple[str, ...]]) -> dict[str, Any]:
    """What finding the libraries' names needs besides the names, worked out when the index
    is built rather than at each start: the names a text's word starts cannot rule out,
    and the runs each `re:` name's alternatives need."""
    every = [name for values in names.values() for name in values]
    return {
        "anywhere": sorted({n for n in every if not _WORD_START.fullmatch(n[:3])}),
        "runs": {
            n: [list(runs) for runs, _ in _alternatives(n[3:])]
            for n in every
            if n.startswith("re:")
        },
    }


def _all_facts(entries: tuple[Entry, ...]) -> list[list[Any]]:
    facts = [
        [index, *_template_facts(template)]
        for index, entry in enumerate(entries)
        for template in entry.messages
    ]
    return [[position, *fact] for position, fact in enumerate(facts)]


@dataclass(slots=True, eq=False)
class _Template:
    base: KnowledgeBase = field(repr=False)
    index: int
    """The index of the template's entry in the knowledge base."""
    template: str
    """The template without its product-code prefix."""
    code: str
    words: frozenset[str]
    """Literal words (lower case, 4+ characters) every matching text holds."""
    anchor: str
    specificity: int

    @property
    def entry(self) -> Entry:
        return self.base.entry(self.index)

    @property
    def hints(self) -> tuple[str, ...]:
        """The entry's hints (lower case), and the template's product code. A hint that
        is only a word for a token (`jwt`, `bearer`) names no library and is left out."""
        token = self.base.token_hints
        hints = tuple(h.lower() for h in self.entry.hints if h.lower() not in token)
        return (*hints, self.code.lower()) if self.code else hints

    @property
    def wrapper(self) -> bool:
        return self.entry.wrapper

    @property
    def regex(self) -> re.Pattern[str]:
        """The regex for the lower-cased text."""
        return _regex(self.template, self.code)

    @property
    def case_words(self) -> tuple[str, ...]:
        """The template's literal words in their case (for `case_sensitive` entries)."""
        return tuple(_CASE_WORD.findall(_PLACEHOLDER.sub(" ", self.template)))

    @property
    def sample(self) -> str:
        return " ".join(_PLACEHOLDER.sub(" ", self.template).lower().split())


class KnowledgeBaseError(Exception):
    """The knowledge base file does not hold what this module needs (a bug of ours)."""


def _required(raw: dict[str, Any], name: str, where: str) -> Any:
    if name not in raw:
        raise KnowledgeBaseError(f"{where}: no {name!r}")
    return raw[name]


def _pinned(source: str, version: str) -> str:
    """`file@version`; a source that names the version it was read at (`errors.go @v4.5.1`)
    keeps its own."""
    return source if _PIN.search(source) else f"{source}@{version}"


_PIN = _Lazy(r"@ ?(?:[^\s;,()@]*\d|(?:[^\s;,()@]+ )?(?:v?\d|[0-9a-f]{7,40}\b))")
"""A version a source names (`@v4.5.1`, `@2.12.1`, `@commit b59e8075`, `@1a01fe7`, a tag
`@OpenSSL_1_1_1w` or `@mitreid-connect-1.3.4`, a branch and commit `@main b50534c`, a package
and its version `@keyfunc v3.7.0`), not an npm scope (`@nestjs/passport`)."""


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
    fixes, next command and diagnosis that an entry does not give itself, and an
    entry's `fix` (the fix in its library's idiom) comes before the kind's."""
    return _parse(document).entries


def _parse(document: dict[str, Any]) -> KnowledgeBase:
    base = KnowledgeBase(document)
    base.entries  # noqa: B018 -- build and check every entry now
    for library in base.libraries.values():
        if library.kind and library.kind not in base.kinds:
            raise KnowledgeBaseError(f"{KB_FILE} library {library.key!r}: unknown kind")
    return base


def _entry(kinds: dict[str, Any], libraries: dict[str, Any], raw: dict[str, Any], i: int) -> Entry:
    where = f"{KB_FILE} entry {i + 1}"
    entry_id = _required(raw, "id", where)
    where = f"{KB_FILE} entry {entry_id!r}"
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
    causes = _led(kind, raw, "causes", "cause", where)
    fixes = _led(kind, raw, "fixes", "fix", where)
    return Entry(
        id=entry_id,
        library=_required(libraries[library_key], "name", where),
        source=_pinned(_required(raw, "source", where), _required(library, "version", where)),
        repository=_required(library, "repository", where),
        messages=_strings(raw, "messages", where),
        meaning=_required(raw, "meaning", where),
        causes=causes,
        fixes=fixes,
        next=_required(kind, "next", where),
        diagnosis=diagnosis,
        kind=kind_name,
        examples=_strings(raw, "examples", where, required=False),
        hints=_strings(raw, "hints", where, required=False),
        case_sensitive=bool(raw.get("case_sensitive", False)),
        library_key=library_key,
        wrapper=bool(raw.get("wrapper", False)),
        common=bool(raw.get("common", False)),
        codes=_strings(raw, "codes", where, required=False),
    )


def _led(
    kind: dict[str, Any], raw: dict[str, Any], field: str, own: str, where: str
) -> tuple[str, ...]:
    """An entry's causes or fixes: its own list where it gives one, else its kind's, led by
    its own single `cause` or `fix` where it gives that (the message's likeliest first)."""
    values = _strings(kind, field, where)
    first = raw.get(own)
    if isinstance(first, str) and first and field not in raw:
        return (first, *values)
    return values


def build_index(toml_text: str, *parts: str) -> str:
    """The JSON index of the knowledge base's TOML text and its parts' texts (see
    KB_PARTS): one document, checked."""
    import tomllib

    document = tomllib.loads(toml_text)
    for i, text in enumerate(parts):
        _merge_part(document, tomllib.loads(text), f"{KB_PARTS} part {i + 1}")
    return index_document(document)


def index_document(document: dict[str, Any]) -> str:
    """The index (INDEX_FILE) of a knowledge-base document, checked: a first line with
    what every run needs (kinds, generic rules, the libraries' names, product codes,
    exception classes, where the other lines start), then a line an entry, a line with
    the libraries, and a line for the templates of each anchor word."""
    document = dict(document)
    base = _parse(document)  # refuse a broken document here, not at a user's start-up
    entries = base.entries
    libraries = document.pop("libraries", {})
    head: dict[str, Any] = {k: v for k, v in document.items() if k != "entry"}
    head["_names"] = {key: list(values) for key, values in base.names.items()}
    head["_name_lookup"] = {"anywhere": sorted(base.names_anywhere), "runs": base.name_runs}
    head["_codes"] = _code_index(entries)
    head["_class_hints"] = _class_hint_index(entries)
    head["_token_hints"] = _token_hint_index(entries, base.token_words)
    head["_alternatives"] = {
        name: [[list(runs), alt] for runs, alt in _alternatives(getattr(base, name))]
        for name in _SPLIT_PATTERNS
    }
    groups: dict[str, list[list[Any]]] = {}
    for fact in _all_facts(entries):
        groups.setdefault(fact[5], []).append(fact)
    lines: list[str] = []
    offset = 0

    def add(value: Any) -> int:
        nonlocal offset
        line = _dumps(value)
        lines.append(line)
        start, offset = offset, offset + len(line.encode("utf-8")) + 1
        return start

    head["_entries"] = [add(raw) for raw in document.get("entry", [])]
    head["_libraries"] = add(libraries)
    head["_hint_kinds"] = add(_hint_kind_index(entries))
    head["_anchors"] = {word: add(groups[word]) for word in sorted(groups)}
    return "\n".join([_dumps(head), *lines])


def _dumps(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


class _Lines:
    """The lines of the index file after its first, each read by its byte offset."""

    __slots__ = ("_read", "path", "start")

    def __init__(self, path: str, start: int) -> None:
        self.path = path
        self.start = start
        """Where the second line starts."""
        self._read: dict[int, Any] = {}
        """Each line read so far, by offset: a process explaining many texts (a pasted log,
        `scan`, the corpus tests) reads the groups of the common words once."""

    def read(self, offset: int) -> Any:
        (value,) = self.read_many([offset])
        return value

    def read_many(self, offsets: list[int]) -> list[Any]:
        missing = [offset for offset in offsets if offset not in self._read]
        if missing:
            with open(self.path, "rb") as file:
                for offset in missing:
                    file.seek(self.start + offset)
                    self._read[offset] = json.loads(file.readline())
        return [self._read[offset] for offset in offsets]


def _code_index(entries: tuple[Entry, ...]) -> dict[str, list[int]]:
    """{lower-case product code: indices of the entries it stands for}: an entry's
    `codes`, and the product code in front of its templates (`IDX10223: ...`)."""
    index: dict[str, list[int]] = {}
    for i, entry in enumerate(entries):
        codes = {code.lower() for code in entry.codes}
        for template in entry.messages:
            m = _CODE_PREFIX.match(template) or _BARE_CODE.fullmatch(template.strip())
            if m:
                codes.add(m.group(1).lower())
        for code in sorted(codes):
            if i not in index.setdefault(code, []):
                index[code].append(i)
    return index


def _merge_part(document: dict[str, Any], part: dict[str, Any], where: str) -> None:
    extra = set(part) - {"libraries", "entry"}
    if extra:
        raise KnowledgeBaseError(f"{where}: only [libraries] and [[entry]], not {sorted(extra)}")
    libraries = document.setdefault("libraries", {})
    for key, library in part.get("libraries", {}).items():
        if key in libraries:
            raise KnowledgeBaseError(f"{where}: library {key!r} is defined twice")
        libraries[key] = library
    document.setdefault("entry", []).extend(part.get("entry", []))


def _template_facts(template: str) -> list[Any]:
    """[template without its code, code, words, anchor word, specificity]."""
    code = ""
    m = _CODE_PREFIX.match(template)
    if m:
        code, template = m.group(1), template[m.end() :]
    plain = _PLACEHOLDER.sub("\0", template).lower()
    # A word glued to a placeholder is no word of the texts it matches: LogNet's
    # `"Authentication scheme" + authorization + "not supported"` prints `schemeBearer`.
    found = {
        m.group()
        for m in _WORD.finditer(plain)
        if plain[m.start() - 1 : m.start()] != "\0" and plain[m.end() : m.end() + 1] != "\0"
    }
    if not plain.isascii():
        if _SPACELESS_CHARS.search(plain):
            found.add(_SPACELESS)
        found.update(
            word
            for word in _OTHER_WORD.findall(plain)
            if len(word) >= 4 and not _SPACELESS_CHARS.search(word)
        )
    words = sorted(found)
    anchor = max(words, key=len) if words else ""
    return [template, code, words, anchor, specificity(template)]


@cache
def _knowledge_base() -> KnowledgeBase:
    # The package's own file, read without importlib.resources (costly to import).
    path = os.path.join(os.path.dirname(os.path.dirname(__file__)), "data", INDEX_FILE)
    with open(path, "rb") as file:
        head = json.loads(file.readline())  # checked when the index was built
        start = file.tell()
    return KnowledgeBase(head, _Lines(path, start))


def knowledge_base() -> tuple[Entry, ...]:
    """Every entry of the packaged knowledge base, read once."""
    return _knowledge_base().entries


def libraries() -> dict[str, Library]:
    """Every library of the packaged knowledge base, by key."""
    return _knowledge_base().libraries


def compile_template(template: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    """The regex of a message template (see PLACEHOLDERS and the module docstring)."""
    code = ""
    m = _CODE_PREFIX.match(template)
    if m:
        code, template = m.group(1), template[m.end() :]
    return _compile(template, code, case_sensitive=case_sensitive)


def _compile(template: str, code: str, *, case_sensitive: bool = False) -> re.Pattern[str]:
    body, core = _body(template, {name: regex for name, (regex, _) in PLACEHOLDERS.items()})
    # A message that starts or ends with a word must not match inside a longer word.
    if template[:1].isalnum():
        body = r"(?<![A-Za-z0-9])" + body
    if core[-1:].isalnum():
        body += r"(?![A-Za-z0-9])"
    if code:
        body = r"(?:(?<![A-Za-z0-9])" + re.escape(code) + r":?\s*)?" + body
    flags = re.DOTALL if case_sensitive else re.IGNORECASE | re.DOTALL
    return re.compile(body, flags)


def _compile_lower(template: str, code: str) -> re.Pattern[str]:
    """The regex of a template for the lower-cased text (no IGNORECASE)."""
    body, core = _body(template.lower(), LOWER_PLACEHOLDERS)
    if template[:1].isalnum():
        body = r"(?<![a-z0-9])" + body
    if core[-1:].isalnum():
        body += r"(?![a-z0-9])"
    if code:
        body = r"(?:(?<![a-z0-9])" + re.escape(code.lower()) + r":?\s*)?" + body
    return re.compile(body, re.DOTALL)


def _body(template: str, regexes: dict[str, str]) -> tuple[str, str]:
    """A template's regex (without its word boundaries) and its literal tail.

    A quoted placeholder (`'{any}'`) may lose its quotes: users cut a value short or
    redact it with a quote (`The audience 'https://*** is invalid`), or paste it bare.
    Without both quotes its value is not empty, so `Unknown key type "{any}"` is not
    read in a bare `Unknown Key Type`."""
    parts: list[str] = []
    pos = 0
    for m in _PLACEHOLDER.finditer(template):
        start, end = m.start(), m.end()
        value = regexes[m.group(1)]
        quoted = (
            start > pos
            and template[start - 1] in _QUOTES
            and template[end : end + 1] in tuple(_QUOTES)
        )
        if quoted:
            parts.append(_literal(template[pos : start - 1]))
            some = value.replace("{0,", "{1,")
            parts.append(
                f"(?:{_QUOTE_RE}{value}{_QUOTE_RE}|(?:{_QUOTE_RE})?{some}(?:{_QUOTE_RE})?)"
            )
            pos = end + 1
        else:
            parts.append(_literal(template[pos:start]))
            parts.append(value)
            pos = end
    tail = template[pos:].rstrip()
    core = tail.rstrip(_TRAILING)
    parts.append(_literal(core))
    if core != tail:
        parts.append(r"[.!;,:]?")  # a final full stop is often dropped or added
    if template[:1] in _QUOTES and template[1:2].isalpha() and parts[0].startswith(_QUOTE_RE):
        # A message that opens with a quoted word (GitHub's `'Expiration time' claim ...`)
        # is often pasted from inside a string whose quote was cut off.
        parts[0] = f"(?:{_QUOTE_RE})?" + parts[0][len(_QUOTE_RE) :]
    return "".join(parts), core


def _literal(text: str) -> str:
    out: list[str] = []
    chunks = re.split(r"(\s+)", text)
    for i, chunk in enumerate(chunks):
        if not chunk:
            continue
        if chunk.isspace():
            # Between two words a space must be there ("invalid signature" is not
            # "InvalidSignature"); next to punctuation it may not (`{"a":"b"}`).
            before = chunks[i - 1][-1:] if i > 0 else ""
            after = chunks[i + 1][:1] if i + 1 < len(chunks) else ""
            out.append(r"\s+" if before.isalnum() and after.isalnum() else r"\s*")
            continue
        # A JSON key's quotes may be missing: Node's console prints an object as
        # `{ message: 'Token expired.', extensions: { code: 'TOKEN_EXPIRED' } }`.
        bare = {k for m in _JSON_KEY.finditer(chunk) for k in (m.start(), m.end() - 2)}
        for j, ch in enumerate(chunk):
            if j and _json_gap(chunk[j - 1], ch):
                out.append(r"\s*")  # `{"code":401}` matches `{ "code": 401 }` too
            if j in bare:
                out.append(f"(?:{_QUOTE_RE})?")
                continue
            out.append(_QUOTE_RE if ch in _QUOTES else re.escape(ch))
    return "".join(out)


_JSON_KEY = _Lazy(r"(?<![\w\"'])[\"'][A-Za-z_]\w*[\"']:")
"""A quoted JSON key and its colon, in a template."""


def _json_gap(before: str, after: str) -> bool:
    """Whether JSON may put whitespace between two characters of a template: after an
    opening bracket, a colon or a comma, and before a closing bracket, a colon or a comma,
    next to a quote, a digit or another bracket."""
    opens, closes = before in "{[:,", after in "}]:,"
    return (opens and after in _JSON_VALUE) or (closes and before in _JSON_VALUE)


_JSON_VALUE = _QUOTES + "{}[]0123456789"
"""What starts or ends a JSON value (or a key) next to its punctuation."""


_BUILT: dict[int, _Template] = {}
"""The templates a text reached, by their position in the knowledge base."""


def _template(fact: list[Any]) -> _Template:
    position, index, template, code, words, anchor, spec = fact
    item = _BUILT.get(position)
    if item is None:
        item = _BUILT[position] = _Template(
            _knowledge_base(), index, template, code, frozenset(words), anchor, spec
        )
    return item


def _templates() -> tuple[_Template, ...]:
    """Every template (for a text no message matches, and for the tests)."""
    return tuple(_template(fact) for fact in _knowledge_base().facts())


@cache
def _regex(template: str, code: str) -> re.Pattern[str]:
    # Compiled on first need: a text reaches the regexes of the few templates whose
    # words it holds, so most of the knowledge base is never compiled.
    return _compile_lower(template, code)


@cache
def _regex_any_case(template: str, code: str) -> re.Pattern[str]:
    return _compile(template, code)


_EITHER_OR = _Lazy(r" or (?:invalid|revoked|malformed|expired|missing|not found)\b")
"""After a match, the other half of an either-or message (`Token is expired or invalid`):
the matched words are not what the text says."""
_OR_EITHER = _Lazy(r"\b(?:invalid|revoked|malformed|expired|missing|bad|wrong) or $")
"""Before a match, the first half of an either-or message (`Invalid or expired token`)."""


def _lost_quotes(template: str, excerpt: str) -> int:
    """How many of the quotes around a template's values the matched text lacks: a
    message that quotes a value loses to one that does not when the text has none
    (flask-jwt-extended's `Missing cookie "{name}"` against `Missing cookie {name}`)."""
    if not _QUOTED_PLACEHOLDER.search(template):
        return 0
    want = sum(template.count(q) for q in _QUOTES)
    return max(0, want - sum(excerpt.count(q) for q in _QUOTES))


def specificity(template: str) -> int:
    """How much of a text a template pins down: its literal characters (a final full
    stop aside), plus weights for typed placeholders. The most specific match wins."""
    weights = sum(PLACEHOLDERS[m.group(1)][1] for m in _PLACEHOLDER.finditer(template))
    # The quotes around a placeholder may be missing (see _body): they count as one.
    quoted = len(_QUOTED_PLACEHOLDER.findall(template))
    literal = _PLACEHOLDER.sub("", _QUOTED_PLACEHOLDER.sub("", template))
    literal = literal.rstrip().rstrip(_TRAILING)
    return weights + quoted + sum(1 for ch in literal if not ch.isspace())


_QUOTED_PLACEHOLDER = _Lazy(
    "["
    + re.escape(_QUOTES)
    + r"]\{(?:"
    + "|".join(PLACEHOLDERS)
    + r")\}["
    + re.escape(_QUOTES)
    + "]"
)


def normalize(text: str) -> str:
    """The text as the templates are matched against it: JSON string escapes undone
    (a message inside a JSON body or a logged JSON line), whitespace collapsed."""
    text = text[:MAX_TEXT]
    if "\\" in text:
        text = _JSON_ESCAPES.sub(_unescape, text)
    if not text.isascii():
        text = text.translate(_INVISIBLE)
    if "+" in text:
        text = _FORM_RUN.sub(_form_decoded, text)
    if "#0" in text:
        text = _SYSLOG_ESCAPE.sub(" ", text)
    if "|" in text and "\n" in text:
        text = _without_compose_prefixes(text)
    if "\n" in text and ":" in text:
        text = _without_glued_stamps(text)
    return " ".join(text.split())


_GLUED_STAMP = _Lazy(r"(?m)^[ \t]*\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}:\d{2}(?![\s\d.,:+\-Zz])")
"""A log viewer's time stamp written before each line with nothing between it and the line
(a NAS's container log export: `2022-01-06 15:43:45InvalidSignature,`)."""


def _without_glued_stamps(text: str) -> str:
    """A log whose lines start with a time stamp glued to their text, without those stamps
    where two lines at least have one: a message its program wrote over lines (`Error(` /
    `InvalidSignature,`) then reads whole, its words apart from the stamp's digits."""
    if len(_GLUED_STAMP.findall(text, 0, 100_000)) < 2:
        return text
    return str(_GLUED_STAMP.sub("", text))


_COMPOSE_PREFIX = _Lazy(r"(?m)^[ \t]*([A-Za-z0-9][\w.-]*[-_]\d{1,3})[ \t]+\|[ \t]?")
"""Docker Compose's prefix of a container's log line: the service, its replica number, padding
and a bar (`langflow-1      | `, Compose v1's `web_1  | `)."""


def _without_compose_prefixes(text: str) -> str:
    """A log of `docker compose logs` without the prefix of each line, where one container's
    prefix starts two lines at least: a message its program wrapped over lines (`JWSError:
    Signature verification` / `failed.`) then reads whole."""
    names = _COMPOSE_PREFIX.findall(text)
    if len(names) < 2 or len(names) == len(set(names)):
        return text
    stripped: str = _COMPOSE_PREFIX.sub("", text)
    return stripped


_SYSLOG_ESCAPE = _Lazy(r"#0(?:11|12|15)(?!\d)")
"""A tab, line feed or carriage return as rsyslog writes it into a line (`ERROR#011token
has invalid claims`): a space."""


_FORM_RUN = _Lazy(r"[^\s+]+(?:\+[^\s+]+){3,}")
"""A run of words joined by `+`: a form-encoded or query-string message
(`error_description=Request+object+is+not+valid+yet`), or a base64 blob."""
_FORM_WORD = _Lazy(r"[A-Za-z][a-z]*[.,:;]?")


def _form_decoded(m: re.Match[str]) -> str:
    """A form-encoded run with its spaces back (and its %XX escapes undone); a run
    whose parts are not mostly words (base64 has `+` too) stays as it is."""
    run = m.group()
    parts = run.split("+")
    words = sum(1 for part in parts if _FORM_WORD.fullmatch(part))
    if words < 3 or words * 5 < len(parts) * 3:
        return run
    from urllib.parse import unquote  # only for such a run: start-up is a feature

    return unquote(" ".join(parts))


def _without_colours(text: str) -> str:
    """The text without terminal colours (`_COLOUR`, and `_COLOUR_LEFT` where at least two
    leftovers say the escape characters were lost)."""
    if "\x1b" in text:
        text = _COLOUR.sub("", text)
    if "[" in text and len(_COLOUR_LEFT.findall(text, 0, 100_000)) >= 2:
        text = _COLOUR_LEFT.sub("", text)
    return text


def _unescape(m: re.Match[str]) -> str:
    if m.group(1):
        char = chr(int(m.group(1), 16))
        return " " if char.isspace() or not char.isprintable() else char
    char = m.group(2)
    return _SIMPLE_ESCAPES.get(char, char)


@dataclass(slots=True, eq=False)
class _Hit:
    score: int
    order: int
    item: _Template
    start: int
    end: int
    excerpt: str


def explain(message: str) -> Explanation:
    """What a text (a message, log excerpt, JSON body or header value) means."""
    message = _without_colours(message[:MAX_TEXT])
    text = normalize(message)
    return _with_value(_explained(message, text), text)


def _with_value(found: Explanation, text: str) -> Explanation:
    """The excerpt of a message whose template ends in the value it names (`Requested kid:
    {any}`, `that matches '{any}'`) goes on to that value, as the text has it, where the
    match stopped before it: the value is what the user looks for."""
    excerpt, template = found.excerpt, found.message
    if not excerpt or not template:
        return found
    last = _ENDS_IN_VALUE.search(template)
    if last is None or template[last.start() - 1 : last.start()] == ".":
        return found  # a sentence after a full stop (`Invalid JWT token. {any}`) is no value
    said = template[: last.start()].rstrip(_QUOTES + " ").lower()
    if not excerpt.rstrip(_QUOTES + " ").lower().endswith(said[-12:]):
        return found  # the match took the value already
    at = text.find(excerpt)
    value = _VALUE.match(text, at + len(excerpt)) if at >= 0 else None
    if value is None:
        return found
    detail = value.group(1).rstrip(".,;:")
    if not (said.endswith((":", "=")) or detail[:1] in _QUOTES + "["):
        return found  # after a word, only a quoted value is surely the one it names
    if _SENTENCE_START.match(text, value.start(1)):
        # The words after the colon are a sentence (Spring's `decode the Jwt: The token
        # audience web is not accepted`): the whole of it when it ends before the text
        # goes on to other things, none of it otherwise, never its first word alone.
        clause = _CLAUSE.match(text, value.start(1))
        if clause is None:
            return found
        detail = clause.group(1)
    return replace(found, excerpt=_shorten(excerpt.rstrip() + " " + detail))


_ENDS_IN_VALUE = _Lazy(r"\s?[\"'`]?\{(?:any|value|name)\}[\"'`]?[.!]?$")
_VALUE = _Lazy(r"""\s?("[^"]{1,80}"|'[^']{1,80}'|\[[^\]]{1,80}\]|[^\s"'`<>{}()\[\],;]{1,80})""")
"""The value after a colon: quoted, in brackets, or one word (a kid, a token's first
characters, an audience), at most 80 characters."""
_SENTENCE_START = _Lazy(r"[A-Z][a-z]+ [a-z]")
"""A capitalised word and a lower-case one: the first words of a sentence, not a value."""
_CLAUSE = _Lazy(
    r"([A-Z][a-z]+(?: [\w'/:-]+){1,14}?)"
    r"(?:[.;!?]?(?= at [\w$.<>]+\()|[.;!?](?= |$)|$)"
)
"""A sentence of at most fifteen words that ends with its full stop, the text or a Java
stack frame (` at org.example.Decoder.decode(`)."""


def _explained(message: str, text: str) -> Explanation:
    base = _knowledge_base()
    lowered = text.lower()
    aligned = len(lowered) == len(text)  # lower() can change the length of some letters
    spans = _names_in(lowered)
    named = sorted(spans, key=lambda key: _first_named((key, spans[key])))
    if not named and _something_else(base, base.not_jwt_names, lowered):
        return Explanation(matched=False, entry=None)
    hits: list[_Hit] = []
    words = _words_of(lowered)
    flat = " ".join(lowered.split())  # what `_runs` are looked for in
    # The innermost cause: Java's last `Caused by:`, or a PostgreSQL-style `DETAIL:` line
    # under its `ERROR:` (CockroachDB's `invalid token` / `DETAIL: ... exp not satisfied`),
    # which the normalized text holds after a space.
    innermost = max(lowered.rfind("caused by:"), lowered.rfind(" detail:"))
    for fact in base.facts(words):
        if not words.issuperset(fact[4]):  # the words every match of it holds
            continue
        item = _template(fact)
        span = _search(item, text, lowered, flat, aligned)
        if span is None:
            continue
        if item.code and item.specificity < _CODELESS and not _coded(lowered, span, item.code):
            continue  # `Invalid JWT token. {any}` is AADSTS50027's only after its code
        if _EITHER_OR.match(lowered, span[1]) and not item.template.endswith("}"):
            continue  # `token is expired` in `Access token is expired or invalid.`
        if _OR_EITHER.search(
            lowered, max(0, span[0] - 12), span[0]
        ) and not item.template.startswith("{"):
            continue  # `Expired token` in `Invalid or expired token.`
        excerpt = text[span[0] : span[1]]
        score = item.specificity + sum(_HINT_BONUS for hint in item.hints if hint in lowered)
        if item.entry.library_key in spans:
            score += _NAMED_BONUS
        if innermost >= 0 and span[0] >= innermost:
            score += _INNERMOST_BONUS
        if item.code and _other_code_before(lowered, span[0], item.code):
            score -= _NAMED_BONUS  # `IDX10501: Signature validation failed.` is not IDX10511's
        if item.entry.case_sensitive:
            same = _in_its_case(item, excerpt)
            if not same and not any(ch.isspace() for ch in item.template):
                continue  # `InvalidToken` (an error variant) is not Moodle's `invalidtoken`
            score += _CASE_BONUS if same else -_CASE_PENALTY
        if _same_stop(item.template, text, span[1]):
            score += _STOP_BONUS
        score -= _lost_quotes(item.template, excerpt)
        hits.append(_Hit(score, -len(hits), item, span[0], span[1], excerpt))
    other_thing = _about_something_else(base, lowered)
    if not other_thing:
        hits.extend(_code_hits(base, text, lowered, words, spans, len(hits)))
    if hits:
        found = _deeper_cause(_best(hits, spans, base, lowered), base, message, lowered)
        # Words a JWT library prints ("signature verification failed", "signature has
        # expired", "token has expired") in a text about something else (an OpenPGP
        # repository, a presigned URL, a push device token) that names no JWT library:
        # not a JWT error, unless a library's own wording names a token or is its own.
        if not other_thing:
            return found
        own = found.message is not None and specificity(found.message) >= _DISTINCTIVE
        excerpt = (found.excerpt or "").lower()
        # Words that call what failed a JWT are about one, whatever else the text names
        # (an OAuth client error over a client assertion: `invalid_client`, `JWT
        # signature validation failed`).
        if _SAYS_JWT.search(excerpt):
            return found
        vague = not found.library_known or not (own or _names_a_token(base, excerpt))
        if (not named and vague) or _guessed(found, hits):
            return Explanation(matched=False, entry=None)
        if not named and not own and _words_about_something_else(base, lowered, found):
            # The matched words are themselves part of the other thing's (`Confirmation
            # token is invalid`, `the Personal Access Token has expired`).
            return Explanation(matched=False, entry=None)
        return found
    lines = _lines_that_matter(message)
    if named and not other_thing:
        library = base.libraries[named[0]]
        kind, line = _classify(lines, base, require_token=False)
        if kind in (None, GENERIC_KIND):
            # "invalid" says less than the library's own hint (its exception class
            # `JWT::VerificationError`, of one kind only) or a one-kind library.
            hinted_kind = _hinted_kind(base, named[0], lowered)
            if library.broad and hinted_kind is None and not _names_a_token(base, lowered):
                kind = None  # GitHub's `Bad credentials` for a personal token
            else:
                kind = hinted_kind or library.kind or GENERIC_KIND
        if kind is not None:
            return _kind_answer(base, kind, line or lines[0], library)
    hinted = None if other_thing else _hinted_library(base, lowered)
    if hinted is not None:
        # No name, no known message, but an exception class only this library's entries
        # hold (python-jose's `JWTClaimsError`): that library, of the kind its words say.
        key, kinds = hinted
        kind, line = _classify(lines, base, require_token=False)
        if kind in (None, GENERIC_KIND):
            kind = kinds[0] if len(kinds) == 1 else base.libraries[key].kind or GENERIC_KIND
        return _kind_answer(base, kind, line or lines[0], base.libraries[key])
    kind, line = _classify(lines, base, require_token=True)
    if kind is not None and line is not None:
        return _kind_answer(base, kind, line, None)
    if other_thing:  # a TLS certificate, a CSRF token, ...: no token message is close
        return Explanation(matched=False, entry=None)
    return Explanation(matched=False, entry=None, candidates=closest(_error_line(message)))


def _deeper_cause(
    found: Explanation, base: KnowledgeBase, message: str, lowered: str
) -> Explanation:
    """A refusal that gives no reason (Spring's `An error occurred while attempting to
    decode the Jwt`) above a Java chain's innermost `Caused by:` line that gives one
    (`token audience 'web' is not accepted`): the library that refused, of the kind its
    cause says."""
    entry = found.entry
    if entry is None or entry.kind != GENERIC_KIND or not found.excerpt:
        return found
    innermost = lowered.rfind("caused by:")
    at = lowered.find(found.excerpt.lower())
    if innermost < 0 or at < 0 or at >= innermost:
        return found
    # The pasted line of that cause, from its `Caused by:` on (a position in the lowered
    # text is not one in the paste: normalizing joins lines and lower() can change lengths).
    lines = (raw for raw in reversed(message.splitlines()) if "caused by:" in raw.lower())
    line = next(lines, "")  # none when the words were split over two lines of the paste
    if not line:
        return found
    cause = normalize(line[line.lower().rfind("caused by:") :])
    kind, said = _classify([cause], base, require_token=False)
    if kind in (None, GENERIC_KIND) or said is None:
        return found
    library = base.libraries.get(entry.library_key) if found.library_known else None
    return _kind_answer(base, kind, said, library)


def _in_its_case(item: _Template, excerpt: str) -> bool:
    """Whether the matched words are written in the case their library prints them."""
    return all(word in excerpt for word in item.case_words)


def _guessed(found: Explanation, hits: list[_Hit]) -> bool:
    """Whether an answer is a kind answer for a library the text names, not the library's
    own message framing the words it answers for (`Impossible to decode OIDC token: {any}`)."""
    if found.message is not None:
        return False
    answering = found.entry.library_key if found.entry is not None else None
    return not any(hit.item.wrapper and hit.item.entry.library_key == answering for hit in hits)


def _hint_kind_index(entries: tuple[Entry, ...]) -> dict[str, list[list[str]]]:
    """{library: [[hint (lower case), kind], ...]} of every entry's hints."""
    index: dict[str, list[list[str]]] = {}
    for entry in entries:
        for hint in entry.hints:
            index.setdefault(entry.library_key, []).append([hint.lower(), entry.kind])
    return index


def _hinted_kind(base: KnowledgeBase, key: str, lowered: str) -> str | None:
    """The one kind of the library's entries whose hints the text holds, if they agree (a
    hint that is a library's name or part of one, `jwt::`, `firebase`, tells no kind)."""
    names = [name.lower() for name in base.names.get(key, ())]
    kinds = {
        kind
        for hint, kind in base.hint_kinds.get(key, [])
        if hint in lowered and not any(hint in name for name in names)
    }
    return kinds.pop() if len(kinds) == 1 else None


_CLASS_HINT = _Lazy(
    r"(?=[a-z0-9_]*(?:jw|jose|token|claim|signingkey|audience|issuer|(?:expired|immature)signature))"
    r"[a-z][a-z0-9_]{5,}(?:error|exception|signature)"
)
"""An exception class about a token: `InvalidKeyException` (the JDK's), `DecodeError` (any
JSON parser's) or `InvalidSignatureException` (AWS's request signatures) is no library's own."""


def _class_hint_index(entries: tuple[Entry, ...]) -> dict[str, list[Any]]:
    """{an exception class among the entries' hints (lower case): [its library, the kinds
    of its entries]}; a class several libraries hold is the first's in the knowledge base's
    order, the most used first (jjwt's `ExpiredJwtException` before Atlassian's)."""
    found: dict[str, dict[str, set[str]]] = {}
    for entry in entries:
        for hint in entry.hints:
            lowered = hint.lower()
            if _CLASS_HINT.fullmatch(lowered):
                found.setdefault(lowered, {}).setdefault(entry.library_key, set()).add(entry.kind)
    first = {hint: next(iter(owners.items())) for hint, owners in found.items()}
    return {hint: [key, sorted(kinds)] for hint, (key, kinds) in first.items()}


def _token_hint_index(entries: tuple[Entry, ...], token_words: str) -> list[str]:
    """The entries' hints (lower case) that are only a word for a token: they name no
    library. Precomputed, so that no run compiles `token_words` to score a match."""
    if not token_words:
        return []
    token = _generic_regex(token_words)
    return sorted({h.lower() for e in entries for h in e.hints if token.fullmatch(h.lower())})


def _hinted_library(base: KnowledgeBase, lowered: str) -> tuple[str, tuple[str, ...]] | None:
    """The library whose exception class (an entry's hint) the text holds as a word, the
    first in the text first."""
    hints = base.class_hints
    for word in _TEXT_WORD.finditer(lowered):
        name = word.group()
        if len(name) >= 11 and name in hints and not _qualified(lowered, word.start()):
            return hints[name]
    return None


def _qualified(lowered: str, start: int) -> bool:
    """Whether a class name stands after a namespace (`SimpleJWT\\InvalidTokenException`,
    `com.acme.auth.InvalidTokenException`): the namespace says whose class it is, and had it
    been a known library's, the text would have named that library."""
    return (
        start >= 2
        and lowered[start - 1] in ".\\:/"
        and (lowered[start - 2].isalnum() or lowered[start - 2] == "_")
    )


_CODE_BEFORE = _Lazy(r"(?<![a-z0-9])([a-z]{2,8}\d{3,6}):?\s*$")


def _other_code_before(lowered: str, start: int, code: str) -> bool:
    """Whether a product code other than the template's stands right before its match."""
    m = _CODE_BEFORE.search(lowered, max(0, start - 20), start)
    return m is not None and m.group(1) != code.lower()


_CODE_WORD = _Lazy(r"(?:[a-z]{2,8}\d{3,7}|\d{3,7})")
_AUTH_WORDS = _Lazy(r"auth|credential|unauthori[sz]ed|\b401\b|\b403\b")
_CODE_SCORE = _DISTINCTIVE + 10
"""A product's error code in its context: its entry, unless a longer message of the
text says more."""


def _code_hits(
    base: KnowledgeBase,
    text: str,
    lowered: str,
    words: frozenset[str],
    spans: dict[str, list[tuple[int, int]]],
    order: int,
) -> list[_Hit]:
    """Entries the text names by a product error code (see `Entry.codes`). A code with
    letters (`AADSTS50013`, `IDX10223`, `PGRST301`) is the product's by itself. A bare
    number (Twilio `20102`, WSO2 `900900`) is only where the text names the product, or
    where it is the value of a code field (`"code": 900900`, `Error Code: 20101`) of at
    least five digits in a text about authentication: a number in an unrelated text is
    never a code."""
    codes = base.codes
    if not codes:
        return []
    hits: list[_Hit] = []
    for code in sorted(words & codes.keys()):
        bare = code.isdigit()
        for index in codes[code]:
            item = _code_template(base, index, code)
            key = item.entry.library_key
            if bare and key not in spans:
                if len(code) < 5 or not _AUTH_WORDS.search(lowered):
                    continue
                field = _as_code_field(lowered, code)
                if field is None:
                    continue
                start, end = field
            else:
                start = _code_position(lowered, code)
                end = start + len(code)
            score = _CODE_SCORE + (_NAMED_BONUS if key in spans else 0)
            hits.append(_Hit(score, -(order + len(hits)), item, start, end, text[start:end]))
    return hits


@cache
def _code_field(code: str) -> re.Pattern[str]:
    return re.compile(
        r"(?:\bcode|\berror|errorcode|error_code|\bstatus)[\"' ]{0,3}[:=]?[\"' ]{0,3}("
        + code
        + r")(?![\w.])"
    )


def _as_code_field(lowered: str, code: str) -> tuple[int, int] | None:
    """Where a bare number is written as a code field's value: the field regex is tried
    around each place the number occurs, not over a whole (long) text."""
    pattern = _code_field(code)
    at = lowered.find(code)
    while at >= 0:
        m = pattern.search(lowered, max(0, at - 20), at + len(code) + 1)
        if m is not None:
            return m.span(1)
        at = lowered.find(code, at + 1)
    return None


def _code_position(lowered: str, code: str) -> int:
    for m in _CODE_WORD.finditer(lowered):
        if m.group() == code:
            return int(m.start())
    return max(0, lowered.find(code))


def _code_template(base: KnowledgeBase, index: int, code: str) -> _Template:
    """The code as the entry writes it, standing for the entry as its matched "template"
    (its own words, and its own hint)."""
    entry = base.entry(index)
    written = [c for c in (*entry.codes, *entry.messages) if c.lower().startswith(code)]
    shown = written[0][: len(code)] if written else code.upper()
    return _Template(base, index, shown, shown, frozenset(), "", _DISTINCTIVE)


def _about_something_else(base: KnowledgeBase, lowered: str) -> bool:
    """Whether a text is about a non-JWT thing that reads alike (TLS, CSRF, OpenPGP, AWS
    request signatures, passwords, ...): the knowledge base's `not_jwt` words."""
    return _something_else(base, base.not_jwt, lowered)


def _words_about_something_else(base: KnowledgeBase, lowered: str, found: Explanation) -> bool:
    """Whether a `not_jwt` phrase overlaps the words an answer matched (or the namespace
    they are written in) and reaches out of them."""
    excerpt = " ".join((found.excerpt or "").lower().split()).rstrip("…")
    flat = " ".join(lowered.split())
    at = flat.find(excerpt) if excerpt else -1
    if at < 0:
        return False
    words = [alt for runs, alt in base.alternatives(base.not_jwt) if _holds(flat, runs)]
    if not words:
        return False
    start, end = at, at + len(excerpt)
    at = flat.rfind(" ", 0, at) + 1  # with the namespace it is written in (`telegram.error.`)
    # Touching the words and reaching out of them (`CSRF` before `token is invalid`): a
    # phrase inside them is the message's own (`CSRF token is not found`).
    return any(
        m.start() < end and at <= m.end() + 1 and (m.start() < start or m.end() > end)
        for m in _generic_regex("|".join(words)).finditer(flat)
    )


def _something_else(base: KnowledgeBase, pattern: str, lowered: str) -> bool:
    """Whether the `not_jwt` regex occurs in a lower-case text. Only the alternatives
    whose required word the text holds are compiled and searched: the whole regex is
    long, and start-up is a feature."""
    if not pattern:
        return False
    alternatives = [alt for runs, alt in base.alternatives(pattern) if _holds(lowered, runs)]
    return bool(alternatives) and _generic_regex("|".join(alternatives)).search(lowered) is not None


_SPLIT_PATTERNS = ("not_jwt", "not_jwt_names")
"""The long regexes of [generic] whose alternatives the index holds split (see
KnowledgeBase.alternatives)."""


_REQUIRED_RUN = _Lazy(r"(?<![\\])[a-z0-9][a-z0-9 _-]{2,}")


@cache
def _alternatives(pattern: str) -> tuple[tuple[tuple[str, ...], str], ...]:
    """The top-level alternatives of a regex, each with the runs of characters every
    match of it holds (none when it cannot tell): what is inside groups and classes,
    escaped letters and a final character made optional by a quantifier are not
    required."""
    alternatives: list[str] = []
    flat: list[str] = []  # the alternative's top level, groups and classes as "\0"
    current: list[str] = []
    depth, in_class, in_count, escaped = 0, False, False, False
    for ch in pattern:
        if escaped:
            escaped = False
            current.append(ch)
            flat.append(ch if depth == 0 and not in_class else "")
            continue
        if in_count:  # `{1,200}` counts, it is not text
            in_count = ch != "}"
            current.append(ch)
            flat.append("\0")
            continue
        if ch == "\\":
            escaped = True
        elif in_class:
            in_class = ch != "]"
        elif ch == "{":
            in_count = True
        elif ch == "[":
            in_class = True
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
        elif ch == "|" and depth == 0:
            alternatives.append("".join(current) + "\0" + "".join(flat))
            current, flat = [], []
            continue
        current.append(ch)
        outside = depth == 0 and not in_class and ch not in "()[]"
        flat.append(ch if outside else "\0")
    alternatives.append("".join(current) + "\0" + "".join(flat))
    out: list[tuple[tuple[str, ...], str]] = []
    for joined in alternatives:
        alt, top = joined.split("\0", 1)
        runs: list[str] = []
        for m in _REQUIRED_RUN.finditer(top):
            run = m.group()
            if top[m.end() : m.end() + 1] in ("?", "*", "{"):
                run = run[:-1]  # its last character is optional
            run = run.strip()
            if len(run) >= 3:
                runs.append(run)
        out.append((tuple(sorted(runs, key=len, reverse=True)), alt))  # the rarest first
    return tuple(out)


def _holds(text: str, runs: Sequence[str]) -> bool:
    """Whether a text holds every run an alternative needs."""
    return all(run in text for run in runs)


def _names_a_token(base: KnowledgeBase, text: str) -> bool:
    return bool(base.token_words) and _generic_regex(base.token_words).search(text) is not None


def _words_of(lowered: str) -> frozenset[str]:
    """The words of a text: a template can match only if it holds all of the template's."""
    if lowered.isascii():
        return frozenset(_TEXT_WORD.findall(lowered))
    words = {*_TEXT_WORD.findall(lowered), *_OTHER_WORD.findall(lowered)}
    if _SPACELESS_CHARS.search(lowered):
        words.add(_SPACELESS)
    return frozenset(words)


def _best(
    hits: list[_Hit], spans: dict[str, list[tuple[int, int]]], base: KnowledgeBase, lowered: str
) -> Explanation:
    hits.sort(key=lambda hit: (hit.score, hit.order), reverse=True)
    best = hits[0]
    # A message that announces another error (`error in secret or public key callback:
    # {any}`, `... details:`) gives way to a known message quoted after it: that one
    # says what is wrong; who answers for it is decided below, as for any text.
    framing: _Hit | None = None
    if best.item.wrapper:
        quoted = best.start + _prefix_length(best.item.template)
        inner = [h for h in hits[1:] if not h.item.wrapper and h.start >= quoted]
        if inner:
            framing, best = best, inner[0]
    elif framers := [
        h
        for h in hits[1:]
        if h.item.wrapper and h.start + _prefix_length(h.item.template) <= best.start <= h.end + 300
    ]:
        # The quoted message scored higher than the wrapper around it: the wrapper
        # still frames it.
        framing = framers[0]
    if _quotes(best):
        # "Invalid JWT: {any}" only says a token was refused; a known message of a
        # kind it quotes says what is wrong, like a wrapper's.
        inner = [h for h in hits if _quoted_by(best, h)]
        if inner:
            framing, best = framing or best, inner[0]
    elif (
        best.item.entry.kind == GENERIC_KIND
        and not best.item.code
        and not _own_hit(best, spans, lowered)
    ):
        # A refusal many print, in no one's voice, that the text goes on about with a
        # library's own message of a kind (homebridge's `Invalid token sent by admin: jwt
        # expired`): that message says what is wrong and whose words they are.
        inner = [
            h
            for h in hits
            if best.end - 1 <= h.start <= best.end + 300
            and h.item.entry.kind != GENERIC_KIND
            and not any(
                o.item.entry.common and (o.start, o.end) == (h.start, h.end) for o in hits
            )  # words many print (`Invalid JWT`) are no one's own there either
        ]
        if inner:
            best = inner[0]
    if framing is not None and not _own_hit(framing, spans, lowered):
        framing = None  # a phrase many print says nothing of who reports the words
    coded = _code_kind(best, hits, base, lowered)
    if isinstance(coded, _Hit):
        best = coded
    entry = best.item.entry
    others: list[Entry] = []
    for hit in hits:
        if hit.item.entry is not entry and hit.item.entry not in others:
            others.append(hit.item.entry)
    if isinstance(coded, str):
        # A product code of several kinds (`AADSTS50013`), the words after it saying a
        # kind none of its entries has: the product's answer for that kind.
        return _answer_of_kind(base, entry, coded, others, best)
    # The keyfunc's words are the application's own: golang-jwt only reports that its
    # key lookup failed, and is no voice of the text for it.
    voice = framing if framing is None or framing.item.entry.kind != "keyfunc" else None
    speakers = _speakers(hits, spans, voice, lowered)
    said = None
    if entry.kind == GENERIC_KIND:
        said = _reason_after(best, base, lowered)
        if (
            said is None
            and _own_hit(best, spans, lowered, named_only=True)
            and not any(h.item.entry is entry and h.start >= best.end for h in hits)
        ):
            # A library's own "token refused" followed by words that say which check
            # failed (Kubernetes's `invalid bearer token, ... does not match claim`);
            # not when those words are the same entry's own (oidc-provider's `invalid
            # token provided` with its detail `access token not found`).
            said = _clause_kind(best, base, lowered)
    if said is not None and (not speakers or entry.library_key in speakers):
        # "JWT Invalid: {any}", "invalid JWT: ..., {any}": the entry only says the token
        # was refused; the words it quotes say which check failed.
        return _answer_of_kind(base, entry, said, others, best)
    if (
        entry.kind == "missing_token"
        and (not speakers or entry.library_key in speakers)
        and _OTHER_SCHEME.search(lowered)
    ):
        # "Token not found" where the request shown sends `Authorization: <scheme> <token>`
        # with another scheme than Bearer: the token is there, but the extractor only takes
        # it after `Bearer ` (LexikJWT's `JWT Token not found` to `Authorization: Token ...`).
        return _answer_of_kind(base, entry, "bad_scheme", others, best)
    hinted = any(hint in lowered for hint in best.item.hints)
    # Words that are B's own: long enough to be no one else's, or with B's hint or name
    # (a product code such as `IDX10501`) in the text.
    own = best.item.specificity >= _DISTINCTIVE or hinted or entry.library_key in spans
    if (
        framing is not None
        and speakers
        and speakers[0] == framing.item.entry.library_key != entry.library_key
        and framing.item.entry.kind == entry.kind
        and entry.library_key not in base.hosts.get(speakers[0], ())
    ):
        # The library whose message frames the words, the first voice of the text, says
        # the same of them: its entry (go-oidc's `oidc: malformed jwt: {any}` quoting
        # go-jose's `compact JWS format must have three parts`).
        return Explanation(
            matched=True,
            entry=framing.item.entry,
            candidates=(entry, *[e for e in others if e is not framing.item.entry])[:5],
            excerpt=_joined(framing, best),
            message=framing.item.template,
        )
    if speakers and entry.library_key not in speakers:
        # The words are library B's, but the text is in the voice of product A (it names
        # A outside B's words, or B's words are quoted by A's own message): A answers,
        # with the kind B's words say and none of B's fix text; unless A is a mere host
        # of B (a framework running B in the user's process) and the words are B's own.
        speaker = speakers[0]
        # Words in the very case their library prints them (golang-jwt v4's `Token is
        # expired`) are that library's own too, as its host passes them on.
        exact = entry.case_sensitive and _in_its_case(best.item, best.excerpt)
        # So are words the host's own wrapper message quotes (PyLTI1p3's `Can't decode
        # id_token: {any}` around PyJWT's reason): it passes only B's words on there.
        quoted = framing is not None and framing.item.entry.library_key == speaker
        if not ((own or exact or quoted) and entry.library_key in base.hosts.get(speaker, ())):
            library = base.libraries[speaker]
            if library.broad and not own and not _names_a_token(base, lowered):
                # Kafka's `SASL Authentication failed: Authentication failed` of a
                # password: a product named in texts of every kind, a phrase many
                # print, and no word of a token.
                return Explanation(matched=False, entry=None)
            kind = entry.kind
            if kind == GENERIC_KIND and not own:
                # Another's "Invalid token" that the speaker's sentence goes on about:
                # Nimbus's `Invalid token audience. Provided value [...]`.
                kind = _kind_after(best, base, lowered) or kind
            return _kind_for(base, kind, best, library, (entry, *others))
        return Explanation(
            matched=True,
            entry=entry,
            candidates=tuple(others[:5]),
            excerpt=best.excerpt,
            message=best.item.template,
        )
    unowned = not speakers and not hinted
    line_says = None
    if unowned and (entry.common or entry.kind == GENERIC_KIND):
        # A short phrase of a library the text does not name ("token expired", "Invalid
        # token") in a line whose other words say more ("invalid_grant: token expired",
        # "Invalid token type. Expected Refresh"): the line's kind, library unknown.
        line_says = _line_kind(best, base, lowered)
        if line_says is not None and line_says != entry.kind:
            return _kind_for(base, line_says, best, None, (entry, *others))
    shared = _same_words(best, hits) if unowned and entry.library_key not in spans else ()
    if entry.common and unowned:
        # Words whose printers disagree on what they mean ("invalid token": jsonwebtoken's
        # undecodable payload, everyone else's refusal) say only that the token was refused.
        # Unless the line's other words say which (`Invalid JWT. Not enough segments`).
        kinds = {hit.item.entry.kind for hit in _level(best, hits, _STOP_BONUS + _CASE_BONUS)}
        kind = entry.kind if len(kinds) == 1 or line_says == entry.kind else GENERIC_KIND
        answer = _kind_for(base, kind, best, None, (entry, *others))
        return replace(answer, printed_by=shared)
    return Explanation(
        matched=True,
        entry=_shared(base, shared) if shared else entry,
        candidates=tuple(others[:5]),
        excerpt=best.excerpt,
        message=best.item.template,
        printed_by=shared,
    )


_OTHER_SCHEME = _Lazy(
    r"(?:^|[\s\"'\\])authorization:[ \t]*(?!bearer\b)[a-z][\w-]*[ \t]+[\w.~+/=-]{8,}"
)
"""A request's `Authorization` header sent with a scheme other than Bearer and a token-like
value after it (`-H "Authorization: Token 9f8e7d6c"`), in a lower-case text."""


def _same_stop(template: str, text: str, end: int) -> bool:
    """Whether the template's final full stop, or its lack, is the text's where it matched;
    a template that ends where the text goes on with a detail after a colon
    (`Invalid refresh token: 8f7a...`) does not end as the text does, one that takes that
    detail (`Invalid refresh token: {any}`) does."""
    stopped = template.rstrip().endswith(".")
    colon = end - 1 if text[end - 1 : end] == ":" else end  # a match may take the colon
    if not template.rstrip().endswith("}") and _DETAIL_AFTER.match(text, colon):
        return False
    return stopped == (text[end - 1 : end] == "." or text[end : end + 1] == ".")


_DETAIL_AFTER = _Lazy(r":\s?[\w<]")
"""Right after a match: a colon and the detail it introduces."""


def _coded(lowered: str, span: tuple[int, int], code: str) -> bool:
    """Whether a template's match starts with its product code (the regex allows it to be
    left out: `IDX10708` is quoted with and without its code)."""
    return lowered.startswith(code.lower(), span[0])


def _joined(outer: _Hit, inner: _Hit) -> str:
    """The excerpt of a message and the one it quotes: `oidc: malformed jwt: … compact
    JWS format must have three parts`."""
    gap = " … " if inner.start > outer.end + 1 else " "
    return _shorten(outer.excerpt.rstrip() + gap + inner.excerpt.lstrip())


def _prefix_length(template: str) -> int:
    """About how many characters of a text a template's words before its first
    placeholder take (a message found inside them is not one it quotes)."""
    m = _PLACEHOLDER.search(template)
    prefix = template[: m.start()] if m else template
    return max(1, len(" ".join(prefix.split())) - 2)


def _quotes(hit: _Hit) -> bool:
    """Whether a hit is a message that quotes what went wrong after it (`_QUOTED_CAUSES`):
    with a trailing `{any}`, or golang-jwt's keyfunc message, always followed by the
    keyfunc's words."""
    kind = hit.item.entry.kind
    return kind in _QUOTED_CAUSES and (
        kind == "keyfunc" or hit.item.template.rstrip().endswith("{any}")
    )


def _quoted_by(outer: _Hit, hit: _Hit) -> bool:
    """Whether `hit` is a known message of a kind in the words `outer` quotes."""
    kind = hit.item.entry.kind
    causes = _QUOTED_CAUSES[outer.item.entry.kind]
    return (
        hit is not outer
        and kind != GENERIC_KIND
        and (causes is None or kind in causes)
        and outer.end - 1 <= hit.start <= outer.end + 300
    )


def _own_hit(
    hit: _Hit, spans: dict[str, list[tuple[int, int]]], lowered: str, *, named_only: bool = False
) -> bool:
    """Whether the hit's words are its library's own: the text names the library or holds
    its hint, or (unless `named_only`) the words are long enough to be no one else's."""
    key = hit.item.entry.library_key
    if key in spans or any(hint in lowered for hint in hit.item.hints):
        return True
    return not named_only and hit.item.specificity >= _DISTINCTIVE


def _code_kind(
    best: _Hit, hits: list[_Hit], base: KnowledgeBase, lowered: str
) -> _Hit | str | None:
    """For a product code that stands for entries of several kinds (Entra's
    `AADSTS50013`: a wrong issuer, audience, signature or time), the words after it
    decide: the hit of its entry of the kind they say, or that kind's name when none of
    its entries has it. A code of one kind takes another kind only when the text lacks
    its entry's words and its line says that kind. None otherwise."""
    item = best.item
    if item.words or item.template != item.code:
        return None  # not a code standing alone
    same = [h for h in hits if h.item.code == item.code and not h.item.words]
    if len({h.item.entry.kind for h in same}) < 2:
        # A code of one kind whose own words are not in the text, on a line whose words
        # say another kind (Ably's `code=40144`, "invalid JWT format", after `Error
        # verifying JWT; err = jwt expired`): the product's answer for that kind.
        if any(h.item.entry is item.entry and h.item.words for h in hits):
            return None
        said = _line_kind(best, base, lowered)
        if said is None or said in (GENERIC_KIND, item.entry.kind):
            return None
        return said
    key = item.entry.library_key
    worded = [
        h for h in hits if h.item.words and h.item.entry.library_key == key and h.start >= best.end
    ]
    said = worded[0].item.entry.kind if worded else _line_kind(best, base, lowered)
    if said is None or said == GENERIC_KIND:
        return None
    return next((h for h in same if h.item.entry.kind == said), said)


def _level(best: _Hit, hits: list[_Hit], slack: int = _STOP_BONUS) -> list[_Hit]:
    """The hits on the best hit's part of the text scoring within `slack` of it: words
    nothing in the text tells apart (no name, no hint; a final full stop, or with
    `_CASE_BONUS` in the slack the case, only orders them)."""
    return [
        hit
        for hit in hits
        if (hit.start, hit.end) == (best.start, best.end) and best.score - hit.score <= slack
    ]


def _same_words(best: _Hit, hits: list[_Hit]) -> tuple[Entry, ...]:
    """The entries of other libraries that print the best hit's words (`_level` with it)
    with the same kind; the best's entry first. Empty when there are none."""
    entry = best.item.entry
    found = [entry]
    for hit in _level(best, hits):
        other = hit.item.entry
        if other.kind != entry.kind or any(e.library_key == other.library_key for e in found):
            continue
        found.append(other)
    return tuple(found) if len(found) > 1 else ()


def _shared(base: KnowledgeBase, group: tuple[Entry, ...]) -> Entry:
    """The first entry of a group whose libraries print the same words, saying only what
    is true for all of them: a text of one library's (its meaning, its causes, its fix)
    where the others' differ gives way to the kind's."""
    entry = group[0]
    kind = base.kinds[entry.kind]

    def common(field: str, fallback: Any) -> Any:
        value = getattr(entry, field)
        return value if all(getattr(e, field) == value for e in group) else fallback

    names = _listed([e.library for e in group])
    return replace(
        entry,
        meaning=common(
            "meaning",
            f"{names} print these words, and the text names none of them: "
            f"{kind.meaning[:1].lower()}{kind.meaning[1:]}",
        ),
        causes=common("causes", kind.causes),
        fixes=common("fixes", kind.fixes),
        next=common("next", kind.next),
        diagnosis=common("diagnosis", kind.diagnosis),
    )


def _listed(names: list[str]) -> str:
    """`A`, `A and B`, `A, B and C`."""
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _speakers(
    hits: list[_Hit],
    spans: dict[str, list[tuple[int, int]]],
    framing: _Hit | None,
    lowered: str,
) -> list[str]:
    """The libraries in whose voice a text is: those it names outside the matched words
    (a product code inside a quoted message, `IDX10205: ...`, names who wrote the words,
    not who reports them) and outside a value the message reports, and the library of a
    message that quotes another's, the first first."""
    # A name inside any matched words is part of what they quote (a product code, an
    # issuer's URL in a claim value), not the voice the text is in.
    inside = [(hit.start, hit.end) for hit in hits]
    found: list[tuple[int, str]] = []
    for key, places in spans.items():
        for start, end in places:
            if (
                not any(a <= start and end <= b for a, b in inside)
                and not _reported_value(lowered, start)
                and not _in_a_path(lowered, start)
            ):
                found.append((start, key))
                break
    if framing is not None:
        found.append((framing.start, framing.item.entry.library_key))
    keys: list[str] = []
    for _, key in sorted(found):
        if key not in keys:
            keys.append(key)
    return keys


def _reported_value(lowered: str, start: int) -> bool:
    """Whether a name stands in a value the message reports (`Expected "x" but got
    "https://identitytoolkit..."`): a claim's value, not who speaks."""
    return _VALUE_BEFORE.search(lowered[max(0, start - 200) : start]) is not None


_VALUE_BEFORE = _Lazy(
    r"\b(?:expected|got|but was|received|actual|instead of|assertion (?:subject|issuer|audience)"
    r"|should be one of)"
    r"\s*:?\s*[\"'`]?[^\s\"'`]*$"
)
"""The end of the words before a reported value: the value's word, maybe a quote, and
the value itself up to the name; or a list of the values allowed (Envoy's `It should be one
of [httproute/grafana/...]`), up to the name."""


def _in_a_path(lowered: str, start: int) -> bool:
    """Whether a name stands in a route or in another package's file (below)."""
    run_start = _run_start(lowered, start)
    return _in_url_path(lowered, run_start, start) or _in_other_package(lowered, run_start, start)


def _in_url_path(lowered: str, run_start: int, start: int) -> bool:
    """Whether a name stands in the path of a web address or of a request line
    (`GET /api/auth/callback/keycloak`): a route the request went to, not who speaks.
    A name in the host (`login.microsoftonline.com`) or a file path still speaks."""
    run = lowered[run_start:start]
    scheme = _WEB_SCHEME.search(run)
    if scheme is not None:
        return "/" in run[scheme.end() :]
    # normalize() leaves one space between words: a method is within 8 characters
    return (
        run.startswith("/")
        and _REQUEST_METHOD.search(lowered, max(0, run_start - 16), run_start) is not None
    )


def _in_other_package(lowered: str, run_start: int, start: int) -> bool:
    """Whether a name stands in a file path inside another installed package
    (`node_modules/@guardian/common/dist/mq/nats-service.js`): that package's file, not
    the named library's. `node_modules/jwks-rsa/...` still names jwks-rsa."""
    run = lowered[run_start:start].replace("\\", "/")
    root = max(run.rfind("node_modules/"), run.rfind("site-packages/"))
    if root < 0 or lowered.startswith(("node_modules", "site-packages"), start):
        return False  # no package folder before it, or the name is a package's path
    package = run[run.index("/", root) + 1 :]
    parts = package.split("/")
    depth = 2 if package.startswith("@") else 1
    return len(parts) > depth  # the name begins past the package's own folder


def _run_start(lowered: str, start: int) -> int:
    """Where the run of the text holding `start` begins (after a space, a quote or an
    opening bracket): the address or path a name may stand in."""
    return max(lowered.rfind(c, 0, start) for c in " \"'`(<[") + 1


_WEB_SCHEME = _Lazy(r"\b(?:https?|wss?)://")
_REQUEST_METHOD = _Lazy(r"\b(?:get|post|put|patch|delete|head|options)\s+$")


GENERIC_KIND = "generic_invalid"


_QUOTED_CAUSES: dict[str, frozenset[str] | None] = {
    GENERIC_KIND: None,
    "keyfunc": None,
    "signature": frozenset({"jwks_fetch", "key_not_found", "keyfunc", "key_type", "malformed"}),
}
"""Kinds of messages that quote what went wrong after them, and the kinds of a quoted known
message that say it instead (None: any but generic). `Invalid JWT: {any}` only says a token
was refused; golang-jwt's `error while executing keyfunc` only that the application's key
lookup failed; `failed to verify signature: {any}` may quote why the signature could not be
checked at all (go-oidc's `fetching keys oidc: get keys failed ...`)."""


def _reason_after(hit: _Hit, base: KnowledgeBase, lowered: str) -> str | None:
    """The kind the words a wrapper message quotes in its final `{any}` say, if any:
    the rest of its line (the placeholder itself matches as little as it can)."""
    if not hit.item.template.rstrip().endswith("{any}"):
        return None
    return _said(lowered[hit.end : hit.end + 300], base)


def _line_kind(hit: _Hit, base: KnowledgeBase, lowered: str) -> str | None:
    """The kind the words around a match say, when they say one other than the vague
    `generic_invalid`. The text's lines are joined (`normalize`): the words are those
    of the match's sentence and up to 200 characters after it, not the sentence before
    ("Cached session is invalid or expired. ... AADSTS70000:")."""
    before = lowered[max(0, hit.start - 200) : hit.start]
    before = before[_last_sentence_end(before) :]
    # The match itself stands as "token" (its own words said the entry's kind already).
    return _said(before + " token " + _after(hit, lowered), base)


def _kind_after(hit: _Hit, base: KnowledgeBase, lowered: str) -> str | None:
    """The kind the words right after a match say (the match standing as "token"), when
    they say one other than `generic_invalid`."""
    return _said("token " + _after(hit, lowered), base)


def _after(hit: _Hit, lowered: str) -> str:
    """Up to 200 characters after a match, without an empty reason right after it: an
    exception without a message prints as `null` or `undefined` (`ID token verification
    has failed: null`), which says nothing of the token."""
    after = lowered[hit.end : hit.end + 200]
    empty = _EMPTY_REASON.match(after)
    return after[empty.end() :] if empty else after


_EMPTY_REASON = _Lazy(r"\W{0,3}(?:null|undefined|nil)\b(?!\s*(?:token|jwt|bearer|value))")


def _said(words: str, base: KnowledgeBase) -> str | None:
    """The kind some words say, when they say one other than `generic_invalid`."""
    kind, _ = _classify([words], base, require_token=False)
    return kind if kind is not None and kind != GENERIC_KIND else None


_SENTENCE_END = _Lazy(r"[.!?]\s")


def _last_sentence_end(text: str) -> int:
    """Where the last sentence of a text begins; a parenthesis after a full stop belongs
    to the sentence before it (`err = jwt expired. (See .../error/40144 ...`)."""
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    while ends and text[ends[-1] :].startswith("("):
        ends.pop()
    return ends[-1] if ends else 0


_CLAUSE_END = _Lazy(r"[\"\[\];]|\.\s|\s+at\s")


def _clause_kind(hit: _Hit, base: KnowledgeBase, lowered: str) -> str | None:
    """The kind the rest of a match's clause says (up to a quote, a bracket, the end of
    a sentence or a stack frame), when it says one other than `generic_invalid`."""
    rest = lowered[hit.end : hit.end + 200]
    end = _CLAUSE_END.search(rest)
    rest = rest[: end.start()] if end else rest
    if not rest.strip(" ,:-"):
        return None
    kind, _ = _classify([rest], base, require_token=False)
    return kind if kind is not None and kind != GENERIC_KIND else None


def _answer_of_kind(
    base: KnowledgeBase, entry: Entry, kind: str, others: list[Entry], best: _Hit
) -> Explanation:
    """The answer of `entry`'s library for another kind than its own (its words said it)."""
    return Explanation(
        matched=True,
        entry=_with_kind(entry, base.kinds[kind], kind),
        candidates=tuple([entry, *others][:5]),
        excerpt=best.excerpt,
        message=best.item.template,
    )


def _with_kind(entry: Entry, kind: Kind, name: str) -> Entry:
    """The entry of a wrapper message, answering for the kind its quoted words say."""
    return replace(
        entry,
        id=f"{entry.library_key}.{name}",
        meaning=f"{entry.meaning} The words it quotes say: {kind.meaning}",
        causes=kind.causes,
        fixes=kind.fixes,
        next=kind.next,
        diagnosis=kind.diagnosis,
        kind=name,
        messages=(),
    )


def named_libraries(lowered: str) -> list[str]:
    """The keys of the libraries a (lower-case) text names, the first named first."""
    return [key for key, _ in sorted(_names_in(lowered).items(), key=_first_named)]


def _names_in(lowered: str) -> dict[str, list[tuple[int, int]]]:
    """Where a text names each library, leaving out names that are a part of another's."""
    return _outer_names(lowered, _name_spans(lowered))


def _first_named(item: tuple[str, list[tuple[int, int]]]) -> tuple[int, int]:
    start, end = item[1][0]
    return start, start - end  # the first named first; at one place, the longest name


_MAX_NAMES = 20
"""Occurrences of one library's names looked at (enough to find one outside its words)."""


def _name_spans(lowered: str) -> dict[str, list[tuple[int, int]]]:
    """Where the text names each library it names (the first of its names that occurs,
    up to _MAX_NAMES places). A name starts a word (`NotBeforeError` is not in
    `JwtNotBeforeError`)."""
    out: dict[str, list[tuple[int, int]]] = {}
    base = _knowledge_base()
    by_start, by_part, always = base.name_candidates()
    # Only the names a word of the text begins as, and those whose characters it holds:
    # most of the 3,000 names begin otherwise.
    tried = set(always)
    for start in by_start.keys() & frozenset(_WORD_START.findall(lowered)):
        tried.update(by_start[start])
    parts = {lowered[i : i + 3] for i in range(len(lowered) - 2)}
    for part in by_part.keys() & parts:
        tried.update(by_part[part])
    for _, _, key, name in sorted(tried):  # each library's names in its order
        if key in out:
            continue  # a library's first name found is the one it is named by
        if name.startswith("re:"):
            if not any(_holds(lowered, runs) for runs in base.name_runs[name]):
                continue  # do not compile or run it: most of a long log names no library
            found = _name_regex(name[3:]).finditer(lowered)
            spans = [m.span() for m in itertools.islice(found, _MAX_NAMES)]
        else:
            spans = _word_starts(lowered, name)
        if spans:
            out[key] = spans
    return out


def _outer_names(
    lowered: str, spans: dict[str, list[tuple[int, int]]]
) -> dict[str, list[tuple[int, int]]]:
    """Leave out a library named only as a part of another library's hyphenated or
    qualified name: the text `google-auth-library` names the Node library, not
    `google-auth` for Python, and `package:firebase_admin` the Dart port, not the Node
    SDK (`JWT::InvalidIssuerError` may name either library whose name it is)."""
    every = [span for places in spans.values() for span in places]

    def inside(inner: tuple[int, int]) -> bool:
        return any(
            (start < inner[0] and lowered[inner[0] - 1] in "-:/")
            or (inner[1] < end and lowered[inner[1]] == "-")
            for start, end in every
            if start <= inner[0] and inner[1] <= end
        )

    return {key: places for key, places in spans.items() if not all(map(inside, places))}


_WORD_START = _Lazy(r"(?<![^\W_])[^\W_]{3}")
"""The first three characters of a word (letters or digits after none): a name that
starts with three such characters starts with one of the text's."""


def _word_starts(lowered: str, name: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    pos = lowered.find(name)
    while pos >= 0 and len(spans) < _MAX_NAMES:
        if pos == 0 or not lowered[pos - 1].isalnum() or not name[0].isalnum():
            spans.append((pos, pos + len(name)))
        pos = lowered.find(name, pos + 1)
    return spans


@cache
def _name_regex(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, re.IGNORECASE)


_ERROR_WORDS = _Lazy(
    r"error|exception|fail|invalid|denied|unauthori[sz]ed|forbidden|expired|reject|\b401\b",
    re.IGNORECASE,
)
_FRAME = _Lazy(r"^\s*(?:at |File \"|#\d+ |\.\.\. \d+ more|\^|~+$)")


_CAUSED_BY = _Lazy(r"^\s*caused by:", re.IGNORECASE)
_CHALLENGE = _Lazy(r"www-authenticate:.*error_description", re.IGNORECASE)
_INNERMOST_BONUS = 5
"""For a match in the innermost `Caused by:` of a chain (or a `DETAIL:` line): it names the
real problem."""


def _lines_that_matter(message: str) -> list[str]:
    """The lines of a paste that can hold the error, error-like lines first; stack
    frames (`at ...`, `File "..."`) and empty lines last or not at all."""
    raw = message[:MAX_TEXT].splitlines() or [message[:MAX_TEXT]]
    lines = [normalize(line) for line in raw if line.strip() and not _FRAME.match(line)]
    if not lines:
        return [normalize(message[:2000])]
    # The innermost `Caused by:` names the real problem, and a `WWW-Authenticate`
    # header's error_description says more than a vague body: those lines first.
    causes = [line for line in lines if _CAUSED_BY.search(line)][::-1]
    header = [line for line in lines if _CHALLENGE.search(line) and line not in causes]
    said = causes + header
    first = [line for line in lines if _ERROR_WORDS.search(line) and line not in said]
    rest = [line for line in lines if not _ERROR_WORDS.search(line) and line not in said]
    return said + first + rest


def _classify(
    lines: list[str], base: KnowledgeBase, *, require_token: bool
) -> tuple[str | None, str | None]:
    """The kind of token problem the first line that says one says, and that line."""
    token = _generic_regex(base.token_words) if base.token_words else None
    # An exception class says its kind in words run together: `MissingClaimException`
    # is read as "missing claim exception" too.
    read = [(_with_words_apart(line), line) for line in lines]
    whole = " ".join(apart for apart, _ in read).lower()
    if require_token and (token is None or not token.search(whole)):
        return None, None
    if require_token and _something_else(base, base.not_jwt, whole) and not _SAYS_JWT.search(whole):
        return None, None  # a text that says "JWT" is about one, whatever else it names
    # A line that says which check failed beats one that only says "unauthorized"
    # (an HTTP status line above the JSON body that names the audience).
    vague = {"generic_invalid"}
    for passes in ([n for n in base.kind_order if n not in vague], list(vague)):
        for apart, line in read:
            lowered = apart.lower()
            for name in passes:
                kind = base.kinds.get(name)
                if kind is None:
                    continue
                if any(_generic_regex(signal).search(lowered) for signal in kind.signals):
                    return name, line  # the line as pasted, not with its words apart
    return None, None


_SAYS_JWT = _Lazy(r"\bjwts?\b(?!\.(?:[cm]?js|ts|py|rb|php|go|java)\b)|json web tokens?")
"""A text that calls what failed a JWT, in so many words: not a source file's name
(Strapi's `services/Jwt.js` in a frame a paste's line breaks cut loose)."""
_CAMEL = _Lazy(r"(?:[A-Z]?[a-z]){2,}[A-Z]?(?:Exception|Error)|[A-Z][a-z]+(?:[A-Z][a-z]+)+")
"""Matched against each word (a run of word characters) as a whole. Each letter of the
first form is matched one way only: a nested `(?:[A-Z]?[a-z]+){2,}` backtracked
exponentially on a long lower-case word (a redacted `'xxxx...x'` key id hung explain)."""
_WORD_RUN = _Lazy(r"\w+")
_HUMP = _Lazy(r"(?<=[a-z])(?=[A-Z])")


_SNAKE = _Lazy(r"\b[A-Za-z]+(?:_[A-Za-z]+)+\b")
_KEBAB = _Lazy(r"\b[a-z]+(?:-[a-z]+){2,}\b")
"""Error codes written in kebab case (`jwt-not-yet-valid`, `token-signature-invalid`): three
words at least, so that a hyphenated word (`e-mail`, `re-login`) stays as it is."""


def _with_words_apart(line: str) -> str:
    """The line, followed by its CamelCase, snake_case and kebab-case words written apart
    (`TokenRevokedError` -> `Token Revoked Error`, `{error,no_key}` -> `no key`,
    `jwt-not-yet-valid` -> `jwt not yet valid`), when it has any."""
    found = [
        _HUMP.sub(" ", word.group())
        for word in _WORD_RUN.finditer(line)
        if 4 <= len(word.group()) <= 80 and _CAMEL.fullmatch(word.group())  # not a base64 blob
    ]
    if "_" in line:
        found += [m.group().replace("_", " ") for m in _SNAKE.finditer(line)]
    if "-" in line:
        found += [m.group().replace("-", " ") for m in _KEBAB.finditer(line)]
    return f"{line} ({' '.join(found)})" if found else line


@cache
def _generic_regex(pattern: str) -> re.Pattern[str]:
    # Searched in lower-cased text, and written in lower case (a test checks): without
    # IGNORECASE a regex compiles and runs several times faster.
    return re.compile(pattern)


def classify_kind(text: str) -> str | None:
    """The kind of token problem a text says (expired, signature, audience, ...), by
    its words, or None; for texts no known message matches."""
    kind, _ = _classify(_lines_that_matter(text), _knowledge_base(), require_token=False)
    return kind


def _kind_for(
    base: KnowledgeBase,
    kind_name: str,
    hit: _Hit,
    library: Library | None,
    candidates: tuple[Entry, ...],
) -> Explanation:
    """The kind-level answer for a matched message another library's words say: the
    library the text is in the voice of (or none), the message's excerpt, the entries
    that matched offered beside it."""
    answer = _kind_answer(base, kind_name, hit.excerpt, library, words_of=hit.item.entry)
    return replace(answer, candidates=candidates[:5], excerpt=hit.excerpt)


def _kind_answer(
    base: KnowledgeBase,
    kind_name: str,
    line: str,
    library: Library | None,
    *,
    words_of: Entry | None = None,
) -> Explanation:
    """The kind-level answer: in the voice of `library` (or of no known one); `words_of`,
    the entry whose known words the text holds when they are another library's."""
    kind = base.kinds[kind_name]
    if library is None:
        entry = Entry(
            id=f"{GENERIC_ID}.{kind_name}",
            library="unknown library",
            source="",
            repository="",
            messages=(),
            meaning=(
                "The text names no library jwtfix knows and no known message, but it is "
                f"about a token: {kind.meaning}"
            ),
            causes=kind.causes,
            fixes=kind.fixes,
            next=kind.next,
            diagnosis=kind.diagnosis,
            kind=kind_name,
        )
        return Explanation(matched=True, entry=entry, excerpt=_shorten(line), library_known=False)
    entry = Entry(
        id=f"{library.key}.{kind_name}",
        library=library.name,
        source=f"{library.repository}@{library.version}" if library.version else "",
        repository=library.repository,
        messages=(),
        meaning=(
            f"{library.name} reports words {words_of.library} prints: {kind.meaning}"
            if words_of is not None and words_of.library_key != library.key
            else f"The text names {library.name}; this wording is not in jwtfix's knowledge "
            f"base, its words say: {kind.meaning}"
        ),
        causes=kind.causes,
        fixes=kind.fixes,
        next=kind.next,
        diagnosis=kind.diagnosis,
        kind=kind_name,
        library_key=library.key,
    )
    return Explanation(matched=True, entry=entry, excerpt=_shorten(line))


def _shorten(text: str, limit: int = 300) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _search(
    item: _Template, text: str, lowered: str, flat: str, aligned: bool
) -> tuple[int, int] | None:
    """The span of the template's first match. A text that lacks one of the template's
    runs of words (`flat` is `lowered` with its white space runs made one space) is not
    searched, nor its regex compiled: most templates a text's words reach fail there. In
    a long text where its anchor word is rare, only the text around each occurrence of
    that word is searched."""
    if not aligned:  # lower() changed the length of some letter: search the text itself
        found = _regex_any_case(item.template, item.code).search(text)
        return found.span() if found else None
    if not all(run in flat for run in _runs(item.template)):
        return None
    regex = item.regex
    # No word of four letters to look around (`jwt 已过期 {any}`, in Chinese): the text,
    # which holds the template's runs, is searched whole.
    long = len(text) > 4 * _WINDOW
    if not item.anchor or not long:
        found = regex.search(lowered)
        return found.span() if found else None
    if lowered.count(item.anchor) * 2 * _WINDOW > len(text):
        found = regex.search(lowered)  # the word is everywhere: one pass is cheaper
        return found.span() if found else None
    covered = 0
    start = lowered.find(item.anchor)
    while start != -1:
        if start >= covered:
            found = regex.search(lowered, max(0, start - _WINDOW), start + _WINDOW)
            if found is not None:
                return found.span()
            # A match holding the word at a later position p spans at most
            # [p - _SPAN, p + _SPAN]: inside this window while p <= start + _SPAN.
            covered = start + _WINDOW - _SPAN
        start = lowered.find(item.anchor, start + 1)
    return None


@cache
def _runs(template: str) -> tuple[str, ...]:
    """The runs of words (letters and digits, one space between words) every match of a
    template holds in the lower-cased text with its white space made one space: a
    template's regex matches its letters and digits as they are, and between two of them
    at least one white space character; its placeholders, quotes and other punctuation
    are matched loosely (`_body`), so they end a run."""
    runs: list[str] = []
    run: list[str] = []
    for ch in _PLACEHOLDER.sub("\0", template.lower()):
        if ch.isalnum() or ch.isspace():
            run.append(ch)
            continue
        runs.append(" ".join("".join(run).split()))
        run = []
    runs.append(" ".join("".join(run).split()))
    return tuple(run for run in runs if run)


def _error_line(message: str) -> str:
    """The line of a log excerpt that reads like an error (the first one), or the text."""
    lines = message[:MAX_TEXT].splitlines()
    if len(lines) > 1:
        for line in lines:
            if _ERROR_WORDS.search(line):
                return normalize(line)
    return normalize(message[:2000])


_CLOSEST_POOL = 200
"""How many templates, those sharing the most words with a text, `closest` compares."""


def closest(text: str, limit: int = 3) -> tuple[Entry, ...]:
    """The entries whose messages read most like `text` (for a message we do not know)."""
    probe = text[:300].lower()
    if not probe.strip():
        return ()
    import difflib  # only for a text no message matches

    # Only the templates sharing the most words with the text are compared character
    # by character: comparing all of them took about 0.3 s a text.
    words = _words_of(probe)
    shared = []
    for fact in _knowledge_base().facts():
        own = fact[4]
        common = sum(1 for word in own if word in words)
        if common:
            shared.append((common, common / len(own), -int(fact[0]), fact))
    shared.sort(key=lambda row: row[:3], reverse=True)
    best: dict[str, tuple[float, Entry]] = {}
    matcher = difflib.SequenceMatcher(autojunk=False)
    matcher.set_seq2(probe)
    # No template whose ratio cannot reach `bar` is compared in full: 0.2, then the
    # `limit`-th best entry's ratio once `limit` entries are found (quick_ratio is an
    # upper bound of ratio, so the answer is the same).
    bar = 0.2
    for *_, fact in shared[:_CLOSEST_POOL]:
        item = _template(fact)
        matcher.set_seq1(item.sample)
        if matcher.real_quick_ratio() < bar or matcher.quick_ratio() < bar:
            continue
        ratio = matcher.ratio()
        previous = best.get(item.entry.id)
        if previous is None or ratio > previous[0]:
            best[item.entry.id] = (ratio, item.entry)
            if len(best) >= limit:
                bar = max(bar, sorted((r for r, _ in best.values()), reverse=True)[limit - 1])
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
