"""RSS 2.0, RSS 1.0 (RDF) and Atom feeds -> the items they list (link, title, date, summary).

Parsed with the standard library; documents that declare entities are refused (no entity-expansion tricks).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from urllib.parse import urljoin

__all__ = ["Feed", "FeedItem", "looks_like_feed", "parse_feed"]

_ATOM = "{http://www.w3.org/2005/Atom}"
_RSS1 = "{http://purl.org/rss/1.0/}"
_DC = "{http://purl.org/dc/elements/1.1/}"
_CONTENT = "{http://purl.org/rss/1.0/modules/content/}"
_RDF = "{http://www.w3.org/1999/02/22-rdf-syntax-ns#}"
_HEAD = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*(?:<!DOCTYPE[^>]*>\s*)?<(rss|feed|rdf:RDF)\b",
                   re.IGNORECASE | re.DOTALL)


@dataclass(frozen=True, slots=True)
class FeedItem:
    url: str
    title: str | None = None
    date: dt.date | None = None
    summary: str | None = None
    guid: str | None = None


@dataclass(frozen=True, slots=True)
class Feed:
    title: str | None
    items: tuple[FeedItem, ...]


class FeedError(ValueError):
    """Not a feed, or a broken one; the message says what is wrong."""


def looks_like_feed(text: str) -> bool:
    """True when the document's root element is <rss>, <feed> or <rdf:RDF>."""
    return bool(_HEAD.match(text[:4096].lstrip("\ufeff")))


def _text(el: ET.Element | None) -> str | None:
    if el is None:
        return None
    value = "".join(el.itertext()).strip()
    return value or None


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    value = value.strip()
    try:
        return email.utils.parsedate_to_datetime(value).date()  # RSS: RFC 822
    except (TypeError, ValueError, IndexError):
        pass
    try:
        return dt.datetime.fromisoformat(value.replace("Z", "+00:00")).date()  # Atom, dc:date: RFC 3339
    except ValueError:
        match = re.match(r"(\d{4})-(\d{2})-(\d{2})", value)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


def parse_feed(text: str, base_url: str | None = None) -> Feed:
    """The items of an RSS or Atom document; relative links are resolved against ``base_url``."""
    head = text[:4096]
    if "<!ENTITY" in head.upper():
        raise FeedError("the feed declares XML entities, which Brinkwatch refuses to expand")
    try:
        root = ET.fromstring(text.lstrip("\ufeff").encode("utf-8"))
    except ET.ParseError as exc:
        raise FeedError(f"not well-formed XML ({exc})") from None
    tag = root.tag.lower()
    items: list[FeedItem] = []
    if tag == f"{_ATOM}feed".lower() or tag == "feed":
        ns = _ATOM if root.tag.startswith(_ATOM) else ""
        title = _text(root.find(f"{ns}title"))
        for entry in root.iter(f"{ns}entry"):
            link = None
            for el in entry.findall(f"{ns}link"):
                if el.get("rel", "alternate") == "alternate" and el.get("href"):
                    link = el.get("href")
                    break
            if link is None:
                continue
            items.append(FeedItem(
                url=urljoin(base_url or "", link.strip()),
                title=_text(entry.find(f"{ns}title")),
                date=_date(_text(entry.find(f"{ns}published")) or _text(entry.find(f"{ns}updated"))),
                summary=_text(entry.find(f"{ns}summary")) or _text(entry.find(f"{ns}content")),
                guid=_text(entry.find(f"{ns}id")),
            ))
        return Feed(title, tuple(items))
    if tag == "rss":
        channel = root.find("channel")
        if channel is None:
            raise FeedError("RSS document without a <channel>")
        title = _text(channel.find("title"))
        for item in channel.iter("item"):
            link = _text(item.find("link"))
            guid_el = item.find("guid")
            guid = _text(guid_el)
            if not link and guid and guid_el is not None and guid_el.get("isPermaLink", "true") != "false":
                link = guid
            if not link:
                continue
            items.append(FeedItem(
                url=urljoin(base_url or "", link),
                title=_text(item.find("title")),
                date=_date(_text(item.find("pubDate")) or _text(item.find(f"{_DC}date"))),
                summary=_text(item.find("description")) or _text(item.find(f"{_CONTENT}encoded")),
                guid=guid,
            ))
        return Feed(title, tuple(items))
    if tag == f"{_RDF}rdf".lower():
        channel = root.find(f"{_RSS1}channel")
        title = _text(channel.find(f"{_RSS1}title")) if channel is not None else None
        for item in root.iter(f"{_RSS1}item"):
            link = _text(item.find(f"{_RSS1}link")) or item.get(f"{_RDF}about")
            if not link:
                continue
            items.append(FeedItem(
                url=urljoin(base_url or "", link),
                title=_text(item.find(f"{_RSS1}title")),
                date=_date(_text(item.find(f"{_DC}date"))),
                summary=_text(item.find(f"{_RSS1}description")),
                guid=item.get(f"{_RDF}about"),
            ))
        return Feed(title, tuple(items))
    raise FeedError(f"not an RSS or Atom feed (root element <{root.tag}>)")
