"""The REST API and dashboard server (FastAPI): thin routes over the store and ``analysis``; one JSON error shape.

``create_app(store_path, token=...)`` builds the app; ``brinkwatch serve`` runs it with uvicorn on 127.0.0.1.

- Reads (``GET /api/...``): events (the filters of ``brinkwatch events``, paginated with ``limit``/``offset`` and a
  ``next`` link), event clusters with their mentions, articles (with the coded events as character spans), actors,
  dyad series, country pressure, rising dyads, alerts (with their evidence), the network, store statistics.
- Write (``POST /api/articles``): code an article (text or HTML) into the store, through the same library path as
  ``brinkwatch ingest`` (``Pipeline.ingest``). It needs ``Authorization: Bearer <token>`` with the token the server
  was started with (401 without it or with a wrong one); a server started without a token refuses writes (403).
- Every error, whatever raised it, is ``{"error": {"code": "...", "message": "..."}}`` with a 4xx status for bad
  requests (bad parameters are 400 or 422, never 500); request bodies over ``max_body_bytes`` get 413.
- The dashboard (``web/``) is served from ``/`` and reads the JSON API only; every response carries a strict
  Content-Security-Policy (scripts and styles from this server only), so nothing is loaded from the internet.

The server holds the store open for its lifetime: read-only when writes are disabled (other processes can still
read it), for writing when a token is set (then it is the one writer DuckDB allows). Requests are served one at
a time against the store (a lock), which is plenty for one analyst's dashboard.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import hmac
import html
import re
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Literal
from urllib.parse import urlencode

from fastapi import Depends, FastAPI, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from pydantic import BaseModel, ConfigDict, Field, model_validator
from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from . import __version__, analysis
from .analysis import (
    Alert,
    AlertParams,
    DyadSeries,
    Network,
    Pressure,
    Rising,
)
from .errors import BrinkwatchError, StoreError
from .ingest import require_date

if TYPE_CHECKING:
    from .pipeline import Pipeline
    from .settings import Settings
    from .store import Store

__all__ = ["create_app"]

WEB_DIR = Path(__file__).parent / "web"
# route -> (title, script, page name): every page is web/page.html filled with these three values
PAGES = {"/": ("Overview", "overview.js", "overview"), "/dyad": ("Dyad", "dyad.js", "dyad"),
         "/actor": ("Actor", "actor.js", "actor"), "/search": ("Event search", "search.js", "search"),
         "/article": ("Article", "article.js", "article")}
CSP = ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'")
MAX_PAGE = 500
DEFAULT_BODY_LIMIT = 2_000_000


# --- response models ---------------------------------------------------------------------------------------------


class ErrorBody(BaseModel):
    code: str = Field(description="machine-readable error code, e.g. not_found, bad_parameter, unauthorized")
    message: str = Field(description="what is wrong and how to fix it")


class ErrorResponse(BaseModel):
    error: ErrorBody


class EventActor(BaseModel):
    text: str | None = None
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    name: str | None = None
    kb_id: str | None = None
    layer: str | None = None
    confidence: float | None = None


class ClusterActor(BaseModel):
    code: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    kb_id: str | None = None


class LocationOut(BaseModel):
    text: str | None = None
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    precision: str | None = None


class QuoteOut(BaseModel):
    speaker: EventActor | None = None
    text: str | None = None
    cue: str | None = None
    kind: str | None = None


class EventOut(BaseModel):
    """A coded event (one evidence sentence): the public event schema plus where it is stored."""

    event_id: str
    article_id: str
    cluster_id: str | None = Field(description="the event cluster, as a decimal string (a 64-bit id)")
    doc_id: str | None
    sentence_index: int | None
    sentence: str
    char_start: int | None
    char_end: int | None
    date: str | None = Field(description="YYYY-MM-DD")
    date_precision: str | None
    date_text: str | None
    date_basis: str | None = None
    source: EventActor | None
    target: EventActor | None
    cameo: str
    cameo_root: str
    plover: str | None
    plover_mode: str | None
    plover_context: str | None
    quad_class: int
    goldstein: float | None
    confidence: float | None
    trigger: str | None
    pattern: str | None
    modality: str | None
    clause_depth: int | None
    location: LocationOut | None
    quote: QuoteOut | None
    versions: dict[str, str]
    in_lead: bool | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None


class Evidence(BaseModel):
    """One mention of an event cluster: the sentence and the article it is in."""

    event_id: str
    article_id: str
    doc_id: str | None = None
    sentence_index: int | None = None
    sentence: str
    cameo: str | None = None
    date: str | None = None
    trigger: str | None = None
    pattern: str | None = None
    modality: str | None = None
    url: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None


class ClusterOut(BaseModel):
    """An event cluster: one event reported by one or more articles, with its corroboration and mentions."""

    cluster_id: str = Field(description="decimal string (a 64-bit id does not fit a JavaScript number)")
    date: str | None
    date_precision: str | None
    source: ClusterActor | None
    target: ClusterActor | None
    cameo: str | None
    cameo_root: str | None
    quad_class: int | None
    goldstein: float | None
    n_mentions: int
    n_articles: int
    n_sources: int
    weight: float = Field(description="corroboration weight 1 - 0.5 ** n_sources")
    location: LocationOut | None = None
    first_seen: str | None = None
    last_seen: str | None = None
    first_url: str | None = None
    in_lead: bool | None = None
    rep_event: str | None = None
    created_at: str | None = None
    updated_at: str | None = None
    evidence: list[Evidence] = Field(default_factory=list)


class ArticleOut(BaseModel):
    article_id: str
    doc_id: str | None = None
    url: str | None = None
    source: str | None = None
    outlet: str | None = None
    title: str | None = None
    published: str | None = None
    language: str | None = None
    status: str = Field(description="coded, duplicate or skipped")
    reason: str | None = None
    duplicate_of: str | None = None
    n_sentences: int | None = None
    n_events: int | None = None
    ingested_at: str | None = None


class SpanOut(BaseModel):
    start: int
    end: int
    event_ids: list[str]
    quad_class: int
    cameo: list[str]
    triggers: list[tuple[int, int]]


class ArticleDetail(ArticleOut):
    """An article with its (cleaned) text as plain text, its events, and their evidence sentences as spans."""

    text: str = Field(description="untrusted plain text: display it as text, never as HTML")
    spans: list[SpanOut]
    events: list[EventOut]


class ActorOut(BaseModel):
    actor_key: str
    kb_id: str | None = None
    code: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None
    org: str | None = None
    n_mentions: int
    n_articles: int
    first_seen: str | None = None
    last_seen: str | None = None


class EventPage(BaseModel):
    items: list[EventOut]
    limit: int
    offset: int
    next: str | None = Field(description="URL of the next page; null on the last")


class ClusterPage(BaseModel):
    items: list[ClusterOut]
    limit: int
    offset: int
    next: str | None


class ArticlePage(BaseModel):
    items: list[ArticleOut]
    limit: int
    offset: int
    next: str | None


class ActorPage(BaseModel):
    items: list[ActorOut]
    limit: int
    offset: int
    next: str | None


class AlertList(BaseModel):
    items: list[Alert]
    params: AlertParams
    limit: int
    offset: int
    next: str | None


class RisingList(BaseModel):
    items: list[Rising]
    params: AlertParams


class ArticleIn(BaseModel):
    """An article to code: ``text`` (plain text; a short first line followed by a blank line is the title) or
    ``html`` (a page: main text, title and date are extracted), not both."""

    model_config = ConfigDict(extra="forbid")
    text: str | None = Field(None, description="plain text of the article")
    html: str | None = Field(None, description="HTML of the page")
    id: str | None = Field(None, max_length=300, description="your id for it (default: derived from the content)")
    title: str | None = Field(None, max_length=1000)
    url: str | None = Field(None, max_length=2000, description="http(s) URL: identifies the article")
    source: str | None = Field(None, max_length=300, description="outlet name")
    date: dt.date | None = Field(None, description="publication date YYYY-MM-DD")

    @model_validator(mode="after")
    def _one_body(self) -> ArticleIn:
        has_text, has_html = bool(self.text and self.text.strip()), bool(self.html and self.html.strip())
        if has_text == has_html:
            raise ValueError("give exactly one of 'text' or 'html', not empty")
        if self.url and not re.match(r"^https?://[^\s]+$", self.url, flags=re.IGNORECASE):
            raise ValueError("'url' must be an http(s) URL")
        return self


class ArticleWritten(BaseModel):
    article_id: str
    status: Literal["coded", "duplicate", "already", "skipped"] = Field(
        description="coded (new, events stored), duplicate (a copy of a stored article: recorded, not coded), "
                    "already (in the store before: nothing written), skipped (not English, no text)")
    events: int
    reason: str | None = None
    api: str = Field(description="URL of the article in the API")
    page: str = Field(description="URL of the article in the dashboard")


class Health(BaseModel):
    status: str
    version: str
    schema_version: int
    writable: bool


class RootCount(BaseModel):
    root: str | None
    clusters: int
    events: int | None


class DyadCount(BaseModel):
    source: str
    target: str
    clusters: int
    events: int | None
    articles: int | None


class StatsOut(BaseModel):
    model_config = ConfigDict(extra="allow")
    articles: int
    articles_by_status: dict[str, int]
    events: int
    clusters: int
    corroborated_clusters: int
    actors: int
    date_range: list[str | None]
    clusters_by_root: list[RootCount]
    top_dyads: list[DyadCount]


class Meta(BaseModel):
    version: str
    writable: bool
    quad_classes: dict[str, str]
    cameo_roots: dict[str, str]
    countries: dict[str, str] = Field(description="ISO alpha-3 -> name, for labels")


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    """The error responses a route can give, for its OpenAPI entry (all in the one error shape)."""
    return {status: {"model": ErrorResponse, "description": _DESCRIPTIONS[status]} for status in statuses}


_DESCRIPTIONS = {
    400: "bad parameter (the message says which and why)",
    401: "missing or wrong bearer token",
    403: "writes are disabled: the server was started without a token",
    404: "not found",
    413: "request body over the size limit",
    422: "invalid parameter or body (the message names the field)",
    503: "the store cannot be read or written now",
}


# --- the service behind the routes -------------------------------------------------------------------------------


class _Service:
    """The open store, the (lazily loaded) pipeline, and a cache of analysis results cleared on every write."""

    def __init__(self, store: Store, settings: Settings, token: str | None,
                 pipeline: Pipeline | None = None) -> None:
        self.store = store
        self.settings = settings
        self.token = token
        self._pipeline = pipeline
        self.lock = threading.RLock()
        self.generation = 0
        self._cache: dict[tuple[Any, ...], Any] = {}
        self._meta: Meta | None = None

    @property
    def writable(self) -> bool:
        return self.token is not None and not self.store.read_only

    def pipeline(self) -> Pipeline:
        if self._pipeline is None:
            from .pipeline import Pipeline

            self._pipeline = Pipeline(self.settings)
        return self._pipeline

    def cached(self, key: tuple[Any, ...], compute: Callable[[], Any]) -> Any:
        with self.lock:
            full = (self.generation, *key)
            if full not in self._cache:
                if len(self._cache) > 256:
                    self._cache.clear()
                self._cache[full] = compute()
            return self._cache[full]

    def wrote(self) -> None:
        with self.lock:
            self.generation += 1
            self._cache.clear()

    def meta(self) -> Meta:
        if self._meta is None:
            from .resources import load_resources

            res = load_resources(Path(self.settings.data_dir)) if self.settings.data_dir else load_resources()
            self._meta = Meta(version=__version__, writable=self.writable,
                              quad_classes={str(k): v for k, v in analysis.QUAD_CLASSES.items()},
                              cameo_roots={c: row.name for c, row in sorted(res.cameo.items()) if len(c) == 2},
                              countries={str(c["iso3"]): str(c["name"]) for c in res.countries if c.get("iso3")})
        return self._meta


# --- errors ------------------------------------------------------------------------------------------------------

_CODES = {400: "bad_parameter", 401: "unauthorized", 403: "forbidden", 404: "not_found",
          405: "method_not_allowed", 413: "body_too_large", 415: "unsupported_media_type",
          422: "invalid_parameter", 503: "unavailable"}


class ApiError(HTTPException):
    """An HTTP error with our code and message."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(status_code=status, detail=message, headers=headers)
        self.code = code


def _error(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def _describe_validation(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:10]:
        loc = [str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body")]
        where = ".".join(loc) or "request"
        msg = str(err.get("msg", "invalid")).removeprefix("Value error, ")
        parts.append(f"{where}: {msg}")
    return "; ".join(parts) or "invalid request"


def _install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(HTTPException)
    async def http_error(request: Request, exc: HTTPException) -> JSONResponse:
        code = getattr(exc, "code", None) or _CODES.get(exc.status_code, "error")
        message = str(exc.detail) if exc.detail else "error"
        if exc.status_code == 404 and not isinstance(exc, ApiError):
            message = f"no such route: {request.url.path} (the API is under /api; its OpenAPI schema is /openapi.json)"
        return _error(exc.status_code, code, message, dict(exc.headers or {}))

    @app.exception_handler(RequestValidationError)
    async def invalid(request: Request, exc: RequestValidationError) -> JSONResponse:
        return _error(422, "invalid_parameter", _describe_validation(exc))

    @app.exception_handler(StoreError)
    async def store_error(request: Request, exc: StoreError) -> JSONResponse:
        return _error(503, "store_unavailable", str(exc))

    @app.exception_handler(BrinkwatchError)
    async def bad_request(request: Request, exc: BrinkwatchError) -> JSONResponse:
        return _error(400, "bad_parameter", str(exc))

    @app.exception_handler(Exception)
    async def internal(request: Request, exc: Exception) -> JSONResponse:
        return _error(500, "internal_error", f"internal error ({type(exc).__name__}); see the server log")


# --- middleware --------------------------------------------------------------------------------------------------


class _BodyLimit:
    """413 for request bodies over ``limit`` bytes: by Content-Length up front, else while the body streams in."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        length = dict(scope.get("headers") or []).get(b"content-length")
        message = f"request body over the limit of {self.limit} bytes"
        if length is not None:
            if not length.strip().isdigit():
                await _error(400, "bad_request", "Content-Length is not a number")(scope, receive, send)
                return
            if int(length) > self.limit:
                await _error(413, "body_too_large", message)(scope, receive, send)
                return
        seen = 0

        async def limited() -> Message:
            nonlocal seen
            got = await receive()
            if got["type"] == "http.request":
                seen += len(got.get("body", b""))
                if seen > self.limit:
                    raise ApiError(413, "body_too_large", message)
            return got

        await self.app(scope, limited, send)


class _SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers") or [])
                headers += [(b"content-security-policy", CSP.encode()), (b"x-content-type-options", b"nosniff"),
                            (b"referrer-policy", b"no-referrer"), (b"x-frame-options", b"DENY")]
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, with_headers)


# --- helpers -----------------------------------------------------------------------------------------------------


def _next_link(request: Request, offset: int, limit: int, more: bool) -> str | None:
    if not more:
        return None
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "offset"]
    params.append(("offset", str(offset + limit)))
    return f"{request.url.path}?{urlencode(params)}"


def _ids(row: dict[str, Any]) -> dict[str, Any]:
    out = dict(row)
    if out.get("cluster_id") is not None:
        out["cluster_id"] = str(out["cluster_id"])
    return out


def _cluster(row: dict[str, Any]) -> dict[str, Any]:
    out = _ids(row)
    out["weight"] = round(analysis.corroboration_weight(row.get("n_sources")), 4)
    return out


def _filters(actor: str | None, dyad: str | None, root: str | None, quad_class: int | None, since: dt.date | None,
             until: dt.date | None, text: str | None, min_sources: int | None,
             named_only: bool = False) -> dict[str, Any]:
    values = {"actor": actor, "dyad": dyad, "root": root, "quad_class": quad_class, "since": since, "until": until,
              "text": text, "min_sources": min_sources, "named_only": named_only}
    return {k: v for k, v in values.items() if v not in (None, "", False)}


def _alert_params(window_days: int, baseline_windows: int, min_history: int, min_count: int, alpha: float,
                  floor_rate: float, level: str) -> AlertParams:
    return AlertParams(window_days=window_days, baseline_windows=baseline_windows, min_history=min_history,
                       min_count=min_count, alpha=alpha, floor_rate=floor_rate, level=level).check()  # type: ignore[arg-type]


Limit = Annotated[int, Query(ge=1, le=MAX_PAGE, description=f"rows per page (1-{MAX_PAGE})")]
Offset = Annotated[int, Query(ge=0, le=10_000_000, description="rows to skip")]
NamedOnly = Annotated[bool, Query(description="only events whose source and target the text names (no implied-place, "
                                              "implied-domestic or implied-focus roles)")]
Code = Annotated[str, Query(min_length=1, max_length=120, pattern=r"^[A-Za-z0-9:_\-.]+$",
                            description="actor code prefix (RUS, RUSMIL, IGOUN) or knowledge-base id")]
Window = Annotated[int, Query(ge=1, le=366, description="window length in days")]
Baseline = Annotated[int, Query(ge=1, le=520, description="baseline windows before the tested one")]
MinHistory = Annotated[int, Query(ge=0, le=520, description="observed baseline windows needed to alert")]
MinCount = Annotated[int, Query(ge=1, le=100_000, description="conflict events needed in the window")]
Alpha = Annotated[float, Query(gt=0, lt=1, description="p-value threshold of the one-sided Poisson test")]
Floor = Annotated[float, Query(gt=0, le=1000, description="lowest baseline rate (events per window)")]
LevelQ = Annotated[Literal["country", "code"], Query(description="group actors by country or by full code")]


# --- the app -----------------------------------------------------------------------------------------------------


def create_app(store_path: str | Path | None = None, token: str | None = None, *, settings: Settings | None = None,
               max_body_bytes: int | None = None, pipeline: Pipeline | None = None,
               store: Store | None = None) -> FastAPI:
    """The API and dashboard over the store at ``store_path`` (default: the ``db`` setting).

    ``token``: bearer token that writes (``POST /api/articles``) must carry; None disables writes (403) and opens
    the store read-only. ``max_body_bytes``: request body limit (default 2 MB, at most the ``max_input_bytes``
    setting). ``pipeline``/``store``: already-loaded ones to use (tests, embedding)."""
    from .settings import Settings
    from .store import open_store

    settings = settings or Settings.load()
    token = token or None
    if store is None:
        path = str(store_path or settings.db)
        if token is None and not (path == ":memory:" or Path(path).exists()):
            raise StoreError(f"{path}: no event store here; create one with `brinkwatch ingest ... --db {path}`, "
                             f"or start the server with a token to create it and ingest through the API")
        store = open_store(path, read_only=token is None and path != ":memory:")
    limit = max_body_bytes if max_body_bytes is not None else min(DEFAULT_BODY_LIMIT, settings.max_input_bytes)
    service = _Service(store, settings, token, pipeline)

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI) -> Any:
        yield
        service.store.close()

    # No /docs or /redoc: FastAPI's interactive pages load their scripts from a CDN, and nothing here may load
    # anything from the internet; the schema itself is at /openapi.json.
    app = FastAPI(title="Brinkwatch", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Political event data with an evidence trail: events, event clusters, articles, "
                              "actors, dyad series, alerts and networks from a Brinkwatch event store. Errors are "
                              '`{"error": {"code", "message"}}`.')
    app.state.service = service
    _install_error_handlers(app)
    app.add_middleware(_BodyLimit, limit=limit)
    app.add_middleware(_SecurityHeaders)

    @contextlib.contextmanager
    def locked() -> Iterator[Store]:
        with service.lock:
            yield service.store

    def require_token(request: Request) -> None:
        if service.token is None or service.store.read_only:
            raise ApiError(403, "writes_disabled", "writes are disabled: start the server with a token "
                                                   "(brinkwatch serve --token-env BRINKWATCH_TOKEN)")
        header = request.headers.get("authorization") or ""
        scheme, _, given = header.partition(" ")
        challenge = {"WWW-Authenticate": 'Bearer realm="brinkwatch"'}
        if scheme.lower() != "bearer" or not given.strip():
            raise ApiError(401, "missing_token", "this route needs 'Authorization: Bearer <token>'", challenge)
        if not hmac.compare_digest(given.strip().encode(), service.token.encode()):
            raise ApiError(401, "bad_token", "the bearer token is wrong", challenge)

    # -- meta --

    @app.get("/api/health", response_model=Health, tags=["meta"], summary="Is the server up")
    def health() -> Health:
        with locked() as store:
            return Health(status="ok", version=__version__, schema_version=store.schema_version,
                          writable=service.writable)

    @app.get("/api/meta", response_model=Meta, tags=["meta"],
             summary="Names for codes: QuadClasses, CAMEO roots, countries")
    def meta() -> Meta:
        return service.meta().model_copy(update={"writable": service.writable})

    @app.get("/api/stats", response_model=StatsOut, tags=["meta"], responses=_errors(422),
             summary="What the store holds")
    def stats(top: Annotated[int, Query(ge=1, le=100)] = 10) -> Any:
        with locked() as store:
            return service.cached(("stats", top), lambda: store.stats(top=top))

    # -- events and clusters --

    @app.get("/api/events", response_model=EventPage, tags=["events"], responses=_errors(400, 422),
             summary="Coded events (one per evidence sentence), newest first")
    def events(request: Request, actor: str | None = None, dyad: str | None = None,
               root: Annotated[str | None, Query(description="CAMEO root(s): 19 or 18,19,20")] = None,
               quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
               since: dt.date | None = None, until: dt.date | None = None,
               text: Annotated[str | None, Query(max_length=500)] = None,
               min_sources: Annotated[int | None, Query(ge=1)] = None, named_only: NamedOnly = False,
               limit: Limit = 50, offset: Offset = 0) -> EventPage:
        filters = _filters(actor, dyad, root, quad_class, since, until, text, min_sources, named_only)
        with locked() as store:
            rows, more = analysis.page(store.events(limit=offset + limit + 1, **filters), offset, limit)
        return EventPage(items=[EventOut.model_validate(_ids(r)) for r in rows], limit=limit, offset=offset,
                         next=_next_link(request, offset, limit, more))

    @app.get("/api/events/{event_id}", response_model=EventOut, tags=["events"], responses=_errors(404, 422),
             summary="One coded event")
    def event(event_id: Annotated[str, PathParam(max_length=100)]) -> EventOut:
        with locked() as store:
            row = analysis.find_event(store, event_id)
        if row is None:
            raise ApiError(404, "not_found", f"no event {event_id!r}")
        return EventOut.model_validate(_ids(row))

    @app.get("/api/clusters", response_model=ClusterPage, tags=["events"], responses=_errors(400, 422),
             summary="Event clusters (deduplicated events) with their mentions, newest first")
    def clusters(request: Request, actor: str | None = None, dyad: str | None = None,
                 root: Annotated[str | None, Query(description="CAMEO root(s): 19 or 18,19,20")] = None,
                 quad_class: Annotated[int | None, Query(ge=1, le=4)] = None,
                 since: dt.date | None = None, until: dt.date | None = None,
                 text: Annotated[str | None, Query(max_length=500)] = None,
                 min_sources: Annotated[int | None, Query(ge=1)] = None, named_only: NamedOnly = False,
                 limit: Limit = 50, offset: Offset = 0) -> ClusterPage:
        filters = _filters(actor, dyad, root, quad_class, since, until, text, min_sources, named_only)
        with locked() as store:
            rows, more = analysis.page(store.clusters(evidence=True, limit=offset + limit + 1, **filters), offset,
                                       limit)
        return ClusterPage(items=[ClusterOut.model_validate(_cluster(r)) for r in rows], limit=limit,
                           offset=offset, next=_next_link(request, offset, limit, more))

    @app.get("/api/clusters/{cluster_id}", response_model=ClusterOut, tags=["events"], responses=_errors(404, 422),
             summary="One event cluster with its mentions")
    def cluster(cluster_id: Annotated[str, PathParam(max_length=21, description="decimal id")]) -> ClusterOut:
        if not re.fullmatch(r"-?\d{1,20}", cluster_id):
            raise ApiError(422, "invalid_parameter", f"cluster_id {cluster_id!r} is not a number")
        with locked() as store:
            row = analysis.find_cluster(store, int(cluster_id))
        if row is None:
            raise ApiError(404, "not_found", f"no event cluster {cluster_id}")
        return ClusterOut.model_validate(_cluster(row))

    # -- articles --

    @app.get("/api/articles", response_model=ArticlePage, tags=["articles"], responses=_errors(422),
             summary="Stored articles (without text), in ingest order")
    def articles(request: Request,
                 status: Annotated[Literal["coded", "duplicate", "skipped"] | None, Query()] = None,
                 limit: Limit = 50, offset: Offset = 0) -> ArticlePage:
        with locked() as store:
            rows, more = analysis.page(store.articles(status=status, limit=offset + limit + 1), offset, limit)
        return ArticlePage(items=[ArticleOut.model_validate(r) for r in rows], limit=limit, offset=offset,
                           next=_next_link(request, offset, limit, more))

    @app.get("/api/articles/{article_id}", response_model=ArticleDetail, tags=["articles"],
             responses=_errors(404, 422),
             summary="One article: its text, its events, and their evidence sentences as spans")
    def article(article_id: Annotated[str, PathParam(max_length=100)]) -> ArticleDetail:
        with locked() as store:
            row = analysis.find_article(store, article_id)
            if row is None:
                raise ApiError(404, "not_found", f"no article {article_id!r}")
            found = analysis.article_events(store, article_id)
        text = row.get("text") or ""
        spans = [dataclasses.asdict(s) for s in analysis.article_spans(text, found)]
        return ArticleDetail.model_validate({**row, "text": text, "spans": spans,
                                             "events": [_ids(e) for e in found]})

    @app.post("/api/articles", response_model=ArticleWritten, status_code=201, tags=["articles"],
              responses={200: {"model": ArticleWritten, "description": "already in the store: nothing written"},
                         **_errors(401, 403, 413, 422, 503)},
              dependencies=[Depends(require_token)],
              summary="Code an article (text or HTML) into the store; needs the bearer token")
    def post_article(body: ArticleIn, response: Response) -> ArticleWritten:
        result = _ingest(service, body)
        if result.status == "already":
            response.status_code = 200
        return result

    # -- actors --

    @app.get("/api/actors", response_model=ActorPage, tags=["actors"], responses=_errors(422),
             summary="Actors seen in the store, most mentioned first")
    def actors(request: Request,
               q: Annotated[str | None, Query(max_length=200, description="words in the name, or a code prefix")]
               = None, limit: Limit = 50, offset: Offset = 0) -> ActorPage:
        needle = (q or "").strip().lower()

        def keep(row: dict[str, Any]) -> bool:
            return not needle or needle in str(row.get("name") or "").lower() or \
                str(row.get("code") or "").lower().startswith(needle) or needle == str(row.get("kb_id")).lower()

        with locked() as store:
            rows, more = analysis.page((r for r in store.actors() if keep(r)), offset, limit)
        return ActorPage(items=[ActorOut.model_validate(r) for r in rows], limit=limit, offset=offset,
                         next=_next_link(request, offset, limit, more))

    @app.get("/api/pressure/{country}", response_model=Pressure, tags=["analysis"], responses=_errors(400, 422),
             summary="Conflict and cooperation a country receives and sends, by partner")
    def pressure(country: Annotated[str, PathParam(max_length=120, description="code prefix (UKR) or kb id")],
                 since: dt.date | None = None, until: dt.date | None = None, level: LevelQ = "country") -> Pressure:
        with locked() as store:
            return service.cached(("pressure", country, since, until, level), lambda: analysis.country_pressure(
                store, country, since=since, until=until, level=level))

    # -- analysis --

    @app.get("/api/dyads/series", response_model=DyadSeries, tags=["analysis"], responses=_errors(400, 422),
             summary="Events between two actors per day, week or month")
    def series(a: Code, b: Code, directed: bool = False,
               interval: Annotated[Literal["day", "week", "month"], Query()] = "week",
               since: dt.date | None = None, until: dt.date | None = None,
               min_sources: Annotated[int | None, Query(ge=1)] = None) -> DyadSeries:
        with locked() as store:
            return service.cached(("series", a, b, directed, interval, since, until, min_sources),
                                  lambda: analysis.dyad_series(store, a, b, directed=directed, interval=interval,
                                                               since=since, until=until, min_sources=min_sources))

    @app.get("/api/dyads/rising", response_model=RisingList, tags=["analysis"], responses=_errors(400, 422),
             summary="Dyads (or countries) with conflict in the latest window, most surprising first")
    def rising_route(kind: Annotated[Literal["dyad", "country", "both"], Query()] = "dyad",
                     as_of: dt.date | None = None, window_days: Window = 7, baseline_windows: Baseline = 8,
                     min_history: MinHistory = 4, min_count: MinCount = 3, alpha: Alpha = 0.01,
                     floor_rate: Floor = 0.5, level: LevelQ = "country",
                     limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 20) -> RisingList:
        params = _alert_params(window_days, baseline_windows, min_history, min_count, alpha, floor_rate, level)
        with locked() as store:
            items = service.cached(("rising", params, kind, as_of, limit), lambda: analysis.rising(
                store, params, kind=kind, as_of=as_of, limit=limit))
        return RisingList(items=items, params=params)

    @app.get("/api/alerts", response_model=AlertList, tags=["analysis"], responses=_errors(400, 422),
             summary="Windows where a dyad's or a country's conflict rose far above its baseline, with evidence")
    def alerts_route(request: Request, kind: Annotated[Literal["dyad", "country", "both"], Query()] = "both",
                     unit: Annotated[str | None, Query(max_length=250, description="RUS>UKR or UKR")] = None,
                     since: dt.date | None = None, until: dt.date | None = None, as_of: dt.date | None = None,
                     window_days: Window = 7, baseline_windows: Baseline = 8, min_history: MinHistory = 4,
                     min_count: MinCount = 3, alpha: Alpha = 0.01, floor_rate: Floor = 0.5,
                     level: LevelQ = "country", limit: Limit = 50, offset: Offset = 0) -> AlertList:
        params = _alert_params(window_days, baseline_windows, min_history, min_count, alpha, floor_rate, level)
        with locked() as store:
            found = service.cached(("alerts", params, kind, unit, since, until, as_of), lambda: analysis.alerts(
                store, params, kind=kind, unit=unit, since=since, until=until, as_of=as_of))
        items = found[offset:offset + limit]
        return AlertList(items=items, params=params, limit=limit, offset=offset,
                         next=_next_link(request, offset, limit, len(found) > offset + limit))

    @app.get("/api/alerts/{alert_id}", response_model=Alert, tags=["analysis"], responses=_errors(400, 404, 422),
             summary="One alert, by id (kind:unit:window-end), with the events behind it")
    def alert(alert_id: Annotated[str, PathParam(max_length=300, description="kind:unit:YYYY-MM-DD")],
              as_of: dt.date | None = None, window_days: Window = 7, baseline_windows: Baseline = 8,
              min_history: MinHistory = 4, min_count: MinCount = 3, alpha: Alpha = 0.01, floor_rate: Floor = 0.5,
              level: LevelQ = "country") -> Alert:
        match = re.fullmatch(r"(dyad|country):([^:]+):(\d{4}-\d{2}-\d{2})", alert_id)
        if match is None:
            raise ApiError(422, "invalid_parameter", f"alert id {alert_id!r} is not kind:unit:YYYY-MM-DD")
        kind, unit, end = match[1], match[2], require_date(match[3], "window end")
        params = _alert_params(window_days, baseline_windows, min_history, min_count, alpha, floor_rate, level)
        with locked() as store:
            found = service.cached(("alerts", params, kind, unit, end, end, as_of), lambda: analysis.alerts(
                store, params, kind=kind, unit=unit, since=end, until=end, as_of=as_of, evidence=200))
        if not found:
            raise ApiError(404, "not_found", f"no alert {alert_id!r} with these parameters")
        return found[0]

    @app.get("/api/network", response_model=Network, tags=["analysis"], responses=_errors(400, 422),
             summary="Actors as nodes, directed conflict and cooperation edges, for a period")
    def network_route(since: dt.date | None = None, until: dt.date | None = None, level: LevelQ = "country",
                      min_events: Annotated[int, Query(ge=1, le=100_000)] = 1,
                      limit: Annotated[int, Query(ge=1, le=5000)] = 200) -> Network:
        with locked() as store:
            return service.cached(("network", since, until, level, min_events, limit), lambda: analysis.network(
                store, since=since, until=until, level=level, min_events=min_events, limit=limit))

    # -- the dashboard --

    if (WEB_DIR / "page.html").exists():
        app.mount("/static", StaticFiles(directory=WEB_DIR), name="static")
        layout = (WEB_DIR / "page.html").read_text(encoding="utf-8")
        for route, (title, script, page) in PAGES.items():
            app.add_api_route(route, _page(layout, title, script, page), methods=["GET"], include_in_schema=False)
    return app


def _page(layout: str, title: str, script: str, page: str) -> Callable[[], HTMLResponse]:
    body = layout.format(title=html.escape(title), script=html.escape(script), page=html.escape(page))

    def serve() -> HTMLResponse:
        return HTMLResponse(body)

    serve.__name__ = f"page_{page}"
    return serve


def _ingest(service: _Service, body: ArticleIn) -> ArticleWritten:
    """Read the posted article like ``brinkwatch ingest`` reads a file, then ``Pipeline.ingest`` it."""
    from .ingest import read_html, read_plain_text
    from .ingestion import article_identity
    from .models import Failure

    name = body.id or "api"
    if body.html is not None and body.html.strip():
        read = read_html(body.html, name, body.date, article_id=body.id, url=body.url, source=body.source,
                         date=body.date)
    else:
        read = read_plain_text(body.text or "", name, body.date)
        if not isinstance(read, Failure):
            read = dataclasses.replace(read, url=body.url, source=body.source, date=body.date or read.date,
                                       title=body.title or read.title, origin="api")
    if isinstance(read, Failure):
        raise ApiError(422, "unreadable_article", read.message)
    if body.title and not read.title:
        read = dataclasses.replace(read, title=body.title)
    read = dataclasses.replace(read, id=body.id if body.id is not None else f"api-{article_identity(read)[0]}")
    article_id = article_identity(read)[0]
    pipeline = service.pipeline()  # loads the model on the first write (seconds), outside the store lock
    with service.lock:
        try:
            summary = pipeline.ingest([read], service.store, command="api POST /api/articles")
        except StoreError as exc:
            raise ApiError(503, "store_unavailable", str(exc)) from exc
        service.wrote()
    if summary.failures:
        raise ApiError(422, "unreadable_article", summary.failures[0].message)
    links = {"api": f"/api/articles/{article_id}", "page": f"/article?id={article_id}"}
    if summary.already:
        return ArticleWritten(article_id=article_id, status="already", events=0,
                              reason="already in the store", **links)
    if summary.duplicates:
        return ArticleWritten(article_id=article_id, status="duplicate", events=0,
                              reason="a copy of an article already stored: recorded, not coded again", **links)
    if summary.stored:
        return ArticleWritten(article_id=article_id, status="coded", events=summary.events, **links)
    reasons = [*(f"not English ({k})" for k in summary.non_english), *summary.skipped]
    return ArticleWritten(article_id=article_id, status="skipped", events=0,
                          reason="; ".join(reasons) or "skipped", **links)
