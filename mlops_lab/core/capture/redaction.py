"""Keep secrets out of the record: redact token-like strings before they are stored.

Captured code, params, tags, remote URLs and package URLs pass through here. The
patterns target the shapes real credentials have (provider prefixes, PEM armour,
JWT structure, credentials in URLs, literal values assigned to names like
``password``), not "anything random-looking": a hex digest, a UUID or ordinary
code must come back unchanged, or users would stop trusting the record.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..records import JsonValue

__all__ = [
    "REDACTED",
    "EnvironmentValues",
    "redact",
    "redact_value",
    "strip_url_credentials",
]

#: What a secret is replaced with.
REDACTED = "[REDACTED]"


class _Lazy:
    """A pattern compiled on first use: most processes redact little or nothing
    (a cached pipeline run), and compiling them all took 2 ms of every start."""

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self._source = (pattern, flags)
        self._compiled: re.Pattern[str] | None = None

    @property
    def compiled(self) -> re.Pattern[str]:
        if self._compiled is None:
            self._compiled = re.compile(*self._source)
        return self._compiled

    def sub(self, replacement: str, text: str) -> str:
        return self.compiled.sub(replacement, text)

    def match(self, text: str) -> re.Match[str] | None:
        return self.compiled.match(text)


# Token shapes that identify themselves by a provider prefix. Word boundaries keep
# them from firing inside longer identifiers.
_PREFIXED_TOKENS = _Lazy(
    r"""
    \b(?:AKIA|ASIA)[0-9A-Z]{16}\b                      # AWS access key id
    | \b(?:ghp|gho|ghu|ghs|ghr)_[A-Za-z0-9]{30,}\b      # GitHub tokens
    | \bgithub_pat_[A-Za-z0-9_]{22,}\b                 # GitHub fine-grained token
    | \bxox[baprs]-[A-Za-z0-9-]{10,}                   # Slack
    | \bAIza[0-9A-Za-z_\-]{35}                         # Google API key
    # OpenAI-style keys; the digit look-ahead spares long hyphenated words
    | \bsk-(?=[A-Za-z0-9_\-]*[0-9])[A-Za-z0-9_\-]{32,}
    # JWT: three base64url parts, the first two JSON objects ("eyJ" is '{"')
    | \beyJ[A-Za-z0-9_\-]{8,}\.eyJ[A-Za-z0-9_\-]{8,}\.[A-Za-z0-9_\-]{8,}
    """,
    re.VERBOSE,
)

# Substrings without which no prefixed token can match.
_TOKEN_MARKERS = (
    "AKIA",
    "ASIA",
    "ghp_",
    "gho_",
    "ghu_",
    "ghs_",
    "ghr_",
    "github_pat_",
    "xox",
    "AIza",
    "sk-",
    "eyJ",
)
# Lower-case substrings without which no secret assignment can match.
_SECRET_WORDS = (
    "passw",
    "passphrase",
    "token",
    "secret",
    "apikey",
    "api_key",
    "accesskey",
    "access_key",
    "privatekey",
    "private_key",
)

_PRIVATE_KEY = _Lazy(
    r"-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY-----.*?-----END \1PRIVATE KEY-----",
    re.DOTALL,
)

# A value after the keyword, kept so the reader still sees what was configured.
_AWS_SECRET = _Lazy(
    r"(aws_secret_access_key[\"']?\s*[:=]\s*[\"']?)[A-Za-z0-9/+=]{40}(?![A-Za-z0-9/+=])",
    re.IGNORECASE,
)

# "Bearer <token>": a digit is required so prose like "Bearer authentication" survives.
_BEARER = _Lazy(r"(\bBearer\s+)(?=[A-Za-z0-9\-._~+/]*[0-9])[A-Za-z0-9\-._~+/]{16,}=*")

# Names whose literal value is a secret: the last underscore-separated part is the
# tell, so ``db_password`` and ``HF_TOKEN`` match but ``tokenizer`` and
# ``max_tokens`` do not.
_SECRET_NAME = (
    r"(?:[A-Za-z0-9]+_)*"
    r"(?:password|passwd|passphrase|token|secret|secret_key|api_?key|access_?key|private_?key)"
)
_SECRET_NAME_ONLY = _Lazy(rf"^{_SECRET_NAME}$", re.IGNORECASE)

# name = "literal" / "name": "literal" (code, JSON, YAML). Only quoted literals: in
# ``password=pw`` the value is a variable, not a secret. The match starts at the
# secret word (after "db_" in "db_password"): a prefix loop at every word is slow.
_QUOTED_ASSIGNMENT = _Lazy(
    r"""(?<![A-Za-z0-9])((?:password|passwd|passphrase|token|secret|secret_key|api_?key"""
    r"""|access_?key|private_?key)["']?\s*[:=]\s*)(["'])(?:(?!\2)[^\\\n]|\\.)+\2""",
    re.IGNORECASE,
)

# KEY=value in shell and .env files; upper case only, where the convention is strong.
_ENV_ASSIGNMENT = _Lazy(
    r"^(\s*(?:export\s+)?(?:[A-Z0-9]+_)*(?:PASSWORD|PASSWD|TOKEN|SECRET|SECRET_KEY|API_?KEY)=)"
    r"(?![\"'$])\S+",
    re.MULTILINE,
)

# scheme://user:password@host, or a token-like user alone (https://<token>@host).
# Anchored on the literal "://" so the engine skips ahead instead of trying every word.
_URL_USERINFO = _Lazy(r"(?<=[A-Za-z0-9+.\-])://([^\s/@:]+:[^\s/@]*|[A-Za-z0-9_\-.]{20,})@")

_SECRET_QUERY_KEYS = frozenset(
    {
        "access_token",
        "api_key",
        "apikey",
        "auth",
        "key",
        "password",
        "secret",
        "sig",
        "signature",
        "token",
        "x-amz-credential",
        "x-amz-security-token",
        "x-amz-signature",
    }
)

# ?token=... in free text; values in URLs given on their own go through urlsplit.
_QUERY_SECRET = _Lazy(
    r"([?&](?:access_token|api_?key|password|secret|sig|signature|token|"
    r"x-amz-(?:credential|security-token|signature))=)[^&\s#\"']+",
    re.IGNORECASE,
)


def redact(text: str) -> str:
    """Replace token-like secrets in ``text`` with ``[REDACTED]``.

    Parameters
    ----------
    text
        Free text: a cell's code, a param, a URL, a diff.

    Returns
    -------
    str
        ``text`` with each secret replaced; names and punctuation around a secret
        (``password = "..."``, ``Bearer ...``) are kept so the reader sees what was
        there. Text without secrets is returned unchanged.
    """
    # Each pattern runs only when a literal it needs is present: a substring test is
    # a hundred times cheaper than a regex scan, and most cells contain no secret.
    lowered = text.lower()
    if "private key-----" in lowered:
        text = _PRIVATE_KEY.sub(REDACTED, text)
    if any(marker in text for marker in _TOKEN_MARKERS):
        text = _PREFIXED_TOKENS.sub(REDACTED, text)
    if "aws_secret_access_key" in lowered:
        text = _AWS_SECRET.sub(rf"\g<1>{REDACTED}", text)
    if "Bearer" in text:
        text = _BEARER.sub(rf"\g<1>{REDACTED}", text)
    if "://" in text and "@" in text:
        text = _URL_USERINFO.sub(f"://{REDACTED}@", text)
    if "=" in text:
        text = _QUERY_SECRET.sub(rf"\g<1>{REDACTED}", text)
        if any(word in lowered for word in _SECRET_WORDS):
            text = _QUOTED_ASSIGNMENT.sub(rf"\g<1>\g<2>{REDACTED}\g<2>", text)
            text = _ENV_ASSIGNMENT.sub(rf"\g<1>{REDACTED}", text)
    elif ":" in text and any(word in lowered for word in _SECRET_WORDS):
        text = _QUOTED_ASSIGNMENT.sub(rf"\g<1>\g<2>{REDACTED}\g<2>", text)
    return text


def strip_url_credentials(url: str) -> str:
    """Remove credentials from a URL: the user-info part and secret query values.

    ``https://user:password@host/repo`` becomes ``https://host/repo``; a bare user
    name (``ssh://git@host``) is kept, since it is no secret and the URL needs it.
    Anything that does not parse as a URL goes through `redact` instead.

    Parameters
    ----------
    url
        A remote, index or package URL.

    Returns
    -------
    str
        The URL without credentials, still usable by git and pip.
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname
    except ValueError:
        return redact(url)
    if not parts.scheme or host is None:
        return redact(url)
    netloc = parts.netloc
    userinfo, at, hostport = netloc.rpartition("@")
    if at and (":" in userinfo or _looks_like_token(userinfo)):
        netloc = hostport
    query = parts.query
    if query:
        pairs = parse_qsl(query, keep_blank_values=True)
        if any(key.lower() in _SECRET_QUERY_KEYS for key, _ in pairs):
            query = urlencode(
                [
                    (key, REDACTED if key.lower() in _SECRET_QUERY_KEYS else value)
                    for key, value in pairs
                ],
                safe="[]",
            )
    stripped = urlunsplit((parts.scheme, netloc, parts.path, query, parts.fragment))
    return redact(stripped)


def redact_value(value: JsonValue) -> JsonValue:
    """Redact every string in a JSON-like value (params, tags), recursively.

    A string under a key named like a secret (``password``, ``api_key``,
    ``HF_TOKEN``) is replaced whole, since a bare secret has no shape to match.

    Parameters
    ----------
    value
        A JSON-compatible value.

    Returns
    -------
    JsonValue
        A copy with secrets replaced; numbers, booleans and ``None`` unchanged.
    """
    if isinstance(value, str):
        return redact(value)
    if isinstance(value, list):
        return [redact_value(item) for item in value]
    if isinstance(value, dict):
        return {
            key: (
                REDACTED
                if isinstance(item, str) and item and _SECRET_NAME_ONLY.match(key)
                else redact_value(item)
            )
            for key, item in value.items()
        }
    return value


def _looks_like_token(user: str) -> bool:
    # A long user name with digits is a token used as the user (https://<token>@github.com).
    return len(user) >= 20 and any(ch.isdigit() for ch in user)


#: Variables that hold locations and session names, not secrets: their values are
#: in every path and notebook name the record keeps on purpose.
_LOCATION_VARIABLES = frozenset(
    {"HOME", "PWD", "OLDPWD", "SHELL", "TERM", "USER", "LOGNAME", "HOSTNAME", "LANG", "TMPDIR"}
)
_LOCATION_PREFIXES = ("JPY_", "MLOPS_LAB_", "LC_", "XDG_", "JUPYTER_")


class EnvironmentValues:
    """The values of a process's environment variables, so that none is ever written.

    A value of 8 characters or more is replaced by ``[REDACTED]`` wherever it
    appears (in code, a variable's repr, a param, an error message), even when
    it does not look like a token: a kernel may hold a credential in any
    variable. Values that are paths or lists of paths, and variables that name
    places (``HOME``, ``JPY_SESSION_NAME``...), are left alone.
    """

    def __init__(self, environ: Mapping[str, str]) -> None:
        values = {
            value
            for name, value in environ.items()
            if len(value) >= 8
            and name not in _LOCATION_VARIABLES
            and not name.startswith(_LOCATION_PREFIXES)
            and os.pathsep not in value
            and not os.path.exists(value)  # noqa: PTH110 - a value, not a Path we own
        }
        # longest first, so a value that contains another is replaced whole
        self._values = sorted(values, key=len, reverse=True)

    def scrub(self, text: str) -> str:
        for value in self._values:
            if value in text:
                text = text.replace(value, REDACTED)
        return text

    def scrub_value(self, value: JsonValue) -> JsonValue:
        if isinstance(value, str):
            return self.scrub(value)
        if isinstance(value, list):
            return [self.scrub_value(item) for item in value]
        if isinstance(value, dict):
            return {key: self.scrub_value(item) for key, item in value.items()}
        return value
