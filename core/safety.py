"""Text from users and models is untrusted: one place neutralises it before any adapter shows it.

Discord renders mentions, masked links and markdown; the terminal renders rich markup (escaped there, at render
time). Here, for both: mentions of users, roles and channels and @everyone/@here become inert text, markdown links
keep their label only, bare links are masked, markdown control characters and invisible/bidi controls are removed,
and every string is capped (cut with an ellipsis, never passed through whole).
"""
from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit

from pydantic import BeforeValidator

ELLIPSIS = "…"
LINK_MASK = "(link removed)"

_MENTIONS = [
    (re.compile(r"<@!?(\d+)>"), "@user"),
    (re.compile(r"<@&(\d+)>"), "@role"),
    (re.compile(r"<#(\d+)>"), "#channel"),
    (re.compile(r"</[\w -]+:\d+>"), "/command"),  # slash-command mentions
    (re.compile(r"<a?:\w+:\d+>"), ""),  # custom emoji markup
    (re.compile(r"@(everyone|here)\b", re.IGNORECASE), "@\u200b\\1"),
]
_MD_LINK = re.compile(r"!?\[([^\]\n]*)\]\(\s*<?[^)\s]*>?(?:\s+\"[^\"]*\")?\s*\)")
_BARE_LINK = re.compile(r"(?:\b[a-z][a-z0-9+.-]{1,20}://|\bwww\.)\S+|<https?://[^>]*>", re.IGNORECASE)
_DOMAINISH = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|io|gg|xyz|ru|cn|ly|me|co|app|link|click|info)"
                        r"(?:/\S*)?\b", re.IGNORECASE)
# Markdown control characters Discord renders (bold/italic/underline/strike/spoiler/code/quote/heading/escape).
_MD_CONTROL = re.compile(r"[*_~`|\\]")
_LINE_START = re.compile(r"^[ \t]*(?:#{1,6}|>{1,3}|-#)[ \t]+", re.MULTILINE)
# C0/C1 controls except newline and tab, zero-width and bidi override characters.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def cut(text: str, cap: int) -> str:
    return text if len(text) <= cap else text[: max(0, cap - 1)].rstrip() + ELLIPSIS


def clean(text: str, cap: int = 2000) -> str:
    """Safe to show anywhere: no pings, no links, no markdown formatting, at most `cap` characters."""
    text = cut(str(text or ""), cap * 4)  # bound the regex work before cleaning
    text = _INVISIBLE.sub("", text)
    text = _MD_LINK.sub(lambda m: m.group(1), text)
    text = _BARE_LINK.sub(LINK_MASK, text)
    text = _DOMAINISH.sub(LINK_MASK, text)
    for pattern, repl in _MENTIONS:
        text = pattern.sub(repl, text)
    text = _LINE_START.sub("", text)
    text = _MD_CONTROL.sub("", text)
    return cut(text.strip(), cap)


def capped(cap: int) -> BeforeValidator:
    """For `Annotated[str, capped(n)]`: an over-long model string is cut with an ellipsis instead of failing."""
    return BeforeValidator(lambda v: cut(v, cap) if isinstance(v, str) else v)


def capped_list(cap: int) -> BeforeValidator:
    """A list validator that keeps the first `cap` items: a verbose model still yields an answer."""
    return BeforeValidator(lambda v: v[:cap] if isinstance(v, list) else v)


def redact_url(url: str | None) -> str:
    """http://user:pw@host/v1 -> http://***@host/v1: URLs are logged and shown; their credentials are not."""
    if not url:
        return str(url or "")
    try:
        parts = urlsplit(url)
    except ValueError:
        return "<unparseable URL>"
    if "@" not in parts.netloc:
        return url
    return urlunsplit(parts._replace(netloc="***@" + parts.netloc.rsplit("@", 1)[1]))


def redact_urls_in(text: str) -> str:
    """Redacts userinfo in every URL inside a message (for errors that quote a URL)."""
    return re.sub(r"([a-z][a-z0-9+.-]*://)[^/\s@]+@", r"\1***@", text, flags=re.IGNORECASE)
