"""What the page cache keeps, and when a kept page is still good.

One key, the **content version**, stands for everything the public sees: a random token that the
receivers (``receivers.py``) replace whenever a listing, its schedule, an organisation, an area,
a vocabulary or a site page changes. Each kept page records the version it was rendered under and
the date in Japan; it is served only while both still hold. So a change reaches every page on the
next request, in every web process, and next dates move on at midnight — nothing is deleted, old
entries simply stop matching and expire.

The version and the page are read in one round trip (``get_many``). Bodies are kept gzipped and
served as they are to clients that accept gzip.
"""

from __future__ import annotations

import gzip
import hashlib
import re
import time
import uuid
import zlib
from dataclasses import astuple, dataclass

from django.conf import settings
from django.core.cache import caches
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

VERSION_KEY = "content-version"
# Entries are stale by the next midnight anyway (their date no longer matches); a day bounds
# how long an unused one takes space.
PAGE_TIMEOUT = 60 * 60 * 24
GZIP_RE = re.compile(r"\bgzip\b")


def _cache():
    return caches[settings.PAGE_CACHE_ALIAS]


def content_version_bump() -> None:
    """Make every kept page stale: at once, and again when the surrounding transaction commits
    (a page rendered meanwhile, from rows not yet committed, must not outlive the change)."""

    def bump() -> None:
        _cache().set(VERSION_KEY, uuid.uuid4().hex, None)

    bump()
    transaction.on_commit(bump)


def content_version() -> str | None:
    """The current version, made if missing (a cleared or evicted cache invalidates every page)."""
    cache = _cache()
    cache.add(VERSION_KEY, uuid.uuid4().hex, None)
    return cache.get(VERSION_KEY)


def page_key(request: HttpRequest) -> str:
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def accepts_gzip(request: HttpRequest) -> bool:
    return bool(GZIP_RE.search(request.headers.get("Accept-Encoding", "")))


def etag_of(content: bytes) -> str:
    return _etag(hashlib.sha256(content))


def _etag(digest) -> str:
    return f'W/"{digest.hexdigest()[:32]}"'


@dataclass(frozen=True)
class Entry:
    """A kept response: kept in the cache as a plain tuple, so that a change to this class never
    makes an old entry unreadable."""

    version: str
    day: str
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes  # gzipped
    etag: str
    last_modified: int

    def response(self, request: HttpRequest) -> HttpResponse:
        """The kept response for ``request``: gzipped if the client takes it."""
        body = self.body if accepts_gzip(request) else gzip.decompress(self.body)
        response = HttpResponse(b"" if request.method == "HEAD" else body, status=self.status)
        for name, value in self.headers:
            response[name] = value
        if body is self.body:
            response["Content-Encoding"] = "gzip"
        response["Content-Length"] = str(len(body))
        return response


def entry_lookup(request: HttpRequest) -> tuple[Entry | None, str | None]:
    """The kept page for ``request`` if it is still good, and the content version to keep a page
    rendered now under (None if the cache is unreachable: then nothing is kept)."""
    cache = _cache()
    key = page_key(request)
    found = cache.get_many([VERSION_KEY, key])
    version = found.get(VERSION_KEY) or content_version()
    try:
        entry = Entry(*found[key])
    except (KeyError, TypeError):
        return None, version
    if entry.version != version or entry.day != timezone.localdate().isoformat():
        return None, version
    return entry, version


def _keep(request: HttpRequest, response: HttpResponse, version: str, body: bytes, etag: str):
    headers = tuple(
        (name, value)
        for name, value in response.items()
        if name.lower() not in ("content-length", "content-encoding", "set-cookie")
    )
    entry = Entry(
        version=version,
        day=timezone.localdate().isoformat(),
        status=response.status_code,
        headers=headers,
        body=body,
        etag=etag,
        last_modified=int(time.time()),
    )
    _cache().set(page_key(request), astuple(entry), PAGE_TIMEOUT)
    return entry


def entry_store(request: HttpRequest, response: HttpResponse, version: str) -> Entry:
    """Keep ``response`` for ``request`` under ``version`` and today's date."""
    content = response.content
    body = gzip.compress(content, compresslevel=6, mtime=0)
    return _keep(request, response, version, body, etag_of(content))


def entry_store_streamed(request: HttpRequest, response: HttpResponse, version: str) -> None:
    """Let a streamed response (the CSV exports) go out chunk by chunk as it is made, and keep
    it once the last chunk has gone: memory holds only the compressed copy, and a client that
    leaves half-way keeps nothing."""
    chunks = response.streaming_content
    compressor = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)  # a gzip member
    digest = hashlib.sha256()
    compressed: list[bytes] = []

    def tee():
        for chunk in chunks:
            digest.update(chunk)
            compressed.append(compressor.compress(chunk))
            yield chunk
        compressed.append(compressor.flush())
        _keep(request, response, version, b"".join(compressed), _etag(digest))

    response.streaming_content = tee()
