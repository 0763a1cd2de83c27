from __future__ import annotations

import json
import shutil
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

with warnings.catch_warnings():  # starlette's TestClient prefers httpx2; httpx works the same
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from brinkwatch.api import create_app
from brinkwatch.errors import StoreError
from brinkwatch.store import open_store

from .analysis_store import build_alert_store

TOKEN = "test-token-0123456789abcdef"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SCRIPT_TEXT = ("Russia attacked Ukraine on Monday, the Ukrainian army said. <script>window.__pwned = 1</script> "
               "<img src=x onerror=\"window.__pwned = 2\"> <b>bold</b> & 'quotes' \"too\".")


@pytest.fixture(scope="module")
def store_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_alert_store(tmp_path_factory.mktemp("api") / "api.duckdb")


@pytest.fixture(scope="module")
def client(store_path: Path) -> Iterator[TestClient]:
    with TestClient(create_app(store_path, token=TOKEN, max_body_bytes=20_000)) as c:
        yield c


@pytest.fixture(scope="module")
def readonly(store_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[TestClient]:
    path = tmp_path_factory.mktemp("ro") / "ro.duckdb"
    shutil.copy(store_path, path)
    with TestClient(create_app(path)) as c:
        yield c


def _error(response, status: int, code: str | None = None) -> str:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}, body
    assert body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]["message"]


def _surge_article(client: TestClient) -> dict:
    items = client.get("/api/articles", params={"limit": 100}).json()["items"]
    return next(a for a in items if a["doc_id"] == "surge")


# --- reads -------------------------------------------------------------------------------------------------------


def test_api_health_meta_and_stats(client: TestClient) -> None:
    assert client.get("/api/health").json() == {"status": "ok", "version": client.get("/api/health").json()["version"],
                                                "schema_version": 2, "writable": True}
    meta = client.get("/api/meta").json()
    assert meta["quad_classes"]["4"] == "material conflict" and meta["cameo_roots"]["19"] == "Fight"
    assert meta["countries"]["UKR"] == "Ukraine"
    stats = client.get("/api/stats").json()
    assert stats["articles"] == 25 and stats["events"] > 60


def test_api_events_filters_and_pagination(client: TestClient) -> None:
    page = client.get("/api/events", params={"dyad": "RUS,UKR", "limit": 5}).json()
    assert len(page["items"]) == 5 and page["offset"] == 0
    assert page["next"].startswith("/api/events?") and "offset=5" in page["next"] and "dyad=RUS%2CUKR" in page["next"]
    seen = [e["event_id"] for e in page["items"]]
    while page["next"]:
        page = client.get(page["next"]).json()
        seen += [e["event_id"] for e in page["items"]]
    assert len(seen) == len(set(seen)) == 15  # 8 baseline + 6 surge + the second outlet's copy
    event = client.get("/api/events", params={"text": "second outlet"}).json()["items"][0]
    assert isinstance(event["cluster_id"], str) and event["source"]["code"] == "RUSMIL" and event["url"]
    assert client.get("/api/events", params={"root": "19", "since": "2024-06-24", "until": "2024-06-30",
                                             "actor": "RUS"}).json()["items"]
    assert all(e["quad_class"] == 3 for e in client.get("/api/events", params={"quad_class": 3}).json()["items"])
    assert len(client.get("/api/events", params={"min_sources": 2}).json()["items"]) == 2
    assert client.get("/api/events", params={"dyad": "RUS,UKR", "limit": 5, "offset": 100}).json() == {
        "items": [], "limit": 5, "offset": 100, "next": None}


def test_api_one_event(client: TestClient) -> None:
    first = client.get("/api/events", params={"limit": 1}).json()["items"][0]
    assert client.get(f"/api/events/{first['event_id']}").json() == first
    _error(client.get("/api/events/nope-0000"), 404, "not_found")


def test_api_clusters_carry_their_mentions(client: TestClient) -> None:
    page = client.get("/api/clusters", params={"min_sources": 2}).json()
    [cluster] = page["items"]
    assert cluster["n_sources"] == 2 and cluster["weight"] == 0.75 and len(cluster["evidence"]) == 2
    assert {e["outlet"] for e in cluster["evidence"]} == {"Wire A", "Wire B"}
    one = client.get(f"/api/clusters/{cluster['cluster_id']}").json()
    assert one["cluster_id"] == cluster["cluster_id"] and len(one["evidence"]) == 2
    _error(client.get("/api/clusters/123"), 404, "not_found")
    _error(client.get("/api/clusters/abc"), 422, "invalid_parameter")
    page = client.get("/api/clusters", params={"actor": "ISR", "limit": 10}).json()
    assert len(page["items"]) == 10 and page["next"]


def test_api_article_text_events_and_spans(client: TestClient) -> None:
    listed = _surge_article(client)
    article = client.get(f"/api/articles/{listed['article_id']}").json()
    assert article["title"] == "Story surge" and len(article["events"]) == 6 and len(article["spans"]) == 6
    for span in article["spans"]:
        assert article["text"][span["start"]:span["end"]].startswith("Russian forces escalated")
    assert client.get("/api/articles", params={"status": "coded", "limit": 2}).json()["next"]
    _error(client.get("/api/articles/0000000000000000"), 404, "not_found")


def test_api_actors(client: TestClient) -> None:
    items = client.get("/api/actors", params={"q": "rus"}).json()["items"]
    assert {a["code"] for a in items} == {"RUSMIL"}
    assert len(client.get("/api/actors", params={"limit": 3}).json()["items"]) == 3


def test_api_analysis_routes(client: TestClient) -> None:
    series = client.get("/api/dyads/series", params={"a": "RUS", "b": "UKR", "directed": "true"}).json()
    assert series["total"]["events"] == 14 and series["points"][-1]["period"] == "2024-06-24"
    assert client.get("/api/dyads/series", params={"a": "RUS", "b": "UKR", "interval": "month"}).json()["interval"] \
        == "month"
    rising = client.get("/api/dyads/rising").json()
    assert rising["items"][0]["source"] == "RUS" and rising["params"]["window_days"] == 7
    alerts = client.get("/api/alerts").json()
    assert {a["id"] for a in alerts["items"]} == {"dyad:RUS>UKR:2024-06-30", "country:RUS:2024-06-30",
                                                   "country:UKR:2024-06-30"}
    one = client.get("/api/alerts/dyad:RUS>UKR:2024-06-30").json()
    assert one["count"] == 6 and len(one["events"]) == 7 and all(e["sentence"] for e in one["events"])
    assert client.get("/api/alerts", params={"kind": "dyad", "unit": "RUS>UKR"}).json()["items"][0]["id"] == one["id"]
    assert client.get("/api/alerts", params={"min_count": 7}).json()["items"] == []
    _error(client.get("/api/alerts/dyad:RUS>UKR:2024-06-23"), 404, "not_found")
    _error(client.get("/api/alerts/whatever"), 422, "invalid_parameter")
    pressure = client.get("/api/pressure/UKR").json()
    assert pressure["partners"][0]["partner"] == "RUS" and pressure["received_conflict"] == 14
    network = client.get("/api/network", params={"since": "2024-06-24"}).json()
    assert {(e["source"], e["target"]) for e in network["edges"]} >= {("RUS", "UKR"), ("ISR", "PSE")}


@pytest.mark.parametrize(("path", "params", "status"), [
    ("/api/events", {"root": "99"}, 400),
    ("/api/events", {"root": "abc"}, 400),
    ("/api/events", {"dyad": "RUS"}, 400),
    ("/api/events", {"since": "yesterday"}, 422),
    ("/api/events", {"until": "2024-13-45"}, 422),
    ("/api/events", {"quad_class": "7"}, 422),
    ("/api/events", {"limit": "0"}, 422),
    ("/api/events", {"limit": "100000"}, 422),
    ("/api/events", {"offset": "-1"}, 422),
    ("/api/events", {"min_sources": "zero"}, 422),
    ("/api/clusters", {"root": "0"}, 400),
    ("/api/clusters", {"limit": "ten"}, 422),
    ("/api/articles", {"status": "lost"}, 422),
    ("/api/actors", {"offset": "x"}, 422),
    ("/api/dyads/series", {"a": "RUS"}, 422),
    ("/api/dyads/series", {"a": "RUS", "b": "UKR", "interval": "year"}, 422),
    ("/api/dyads/series", {"a": "RUS", "b": "UKR", "since": "2024-06-01", "until": "2024-01-01"}, 400),
    ("/api/dyads/series", {"a": "RUS,X", "b": "UKR"}, 422),
    ("/api/dyads/series", {"a": "RUS", "b": "UKR", "directed": "perhaps"}, 422),
    ("/api/dyads/rising", {"kind": "region"}, 422),
    ("/api/alerts", {"alpha": "2"}, 422),
    ("/api/alerts", {"window_days": "0"}, 422),
    ("/api/alerts", {"baseline_windows": "4", "min_history": "9"}, 400),
    ("/api/alerts", {"as_of": "soon"}, 422),
    ("/api/alerts", {"level": "city"}, 422),
    ("/api/alerts/dyad:RUS>UKR:2024-02-30", {}, 400),
    ("/api/network", {"min_events": "0"}, 422),
    ("/api/pressure/UKR", {"since": "x"}, 422),
    ("/api/stats", {"top": "1000"}, 422),
])
def test_api_bad_parameters_are_clear_4xx(client: TestClient, path: str, params: dict, status: int) -> None:
    message = _error(client.get(path, params=params), status)
    assert "Internal" not in message and len(message) < 500


def test_api_unknown_routes_and_methods_use_the_error_shape(client: TestClient) -> None:
    assert "no such route" in _error(client.get("/api/nope"), 404, "not_found")
    _error(client.delete("/api/events"), 405, "method_not_allowed")


# --- writes ------------------------------------------------------------------------------------------------------


def test_api_write_needs_the_token(client: TestClient, readonly: TestClient) -> None:
    body = {"text": "Russia attacked Ukraine."}
    assert "Bearer" in _error(client.post("/api/articles", json=body), 401, "missing_token")
    _error(client.post("/api/articles", json=body, headers={"Authorization": "Bearer wrong"}), 401, "bad_token")
    _error(client.post("/api/articles", json=body, headers={"Authorization": f"Basic {TOKEN}"}), 401)
    response = client.post("/api/articles", json=body)
    assert response.headers["www-authenticate"].startswith("Bearer")
    _error(readonly.post("/api/articles", json=body, headers=AUTH), 403, "writes_disabled")
    assert readonly.get("/api/health").json()["writable"] is False


def test_api_oversized_bodies_are_refused(client: TestClient) -> None:
    big = {"text": "Russia attacked Ukraine. " * 2000}
    _error(client.post("/api/articles", json=big, headers=AUTH), 413, "body_too_large")

    def chunks() -> Iterator[bytes]:  # no Content-Length: counted while it streams in
        yield b'{"text": "'
        for _ in range(100):
            yield b"x" * 1000
        yield b'"}'

    _error(client.post("/api/articles", content=chunks(), headers={**AUTH, "Content-Type": "application/json"}),
           413, "body_too_large")


@pytest.mark.parametrize(("body", "fragment"), [
    ({"text": "a", "html": "<p>b</p>"}, "exactly one"),
    ({}, "exactly one"),
    ({"text": "   "}, "exactly one"),
    ({"text": "Russia attacked Ukraine.", "url": "javascript:alert(1)"}, "http"),
    ({"text": "Russia attacked Ukraine.", "date": "last week"}, "date"),
    ({"text": "Russia attacked Ukraine.", "colour": "red"}, "colour"),
])
def test_api_bad_article_bodies_are_422(client: TestClient, body: dict, fragment: str) -> None:
    assert fragment in _error(client.post("/api/articles", json=body, headers=AUTH), 422, "invalid_parameter")


def test_api_body_that_is_not_json_is_422(client: TestClient) -> None:
    _error(client.post("/api/articles", content=b"{not json", headers={**AUTH, "Content-Type": "application/json"}),
           422)


@pytest.mark.slow
def test_api_post_codes_and_stores_an_article_and_returns_untrusted_text_as_text(client: TestClient,
                                                                                    pipeline) -> None:
    client.app.state.service._pipeline = pipeline
    body = {"text": SCRIPT_TEXT, "title": "<i>Title</i>", "url": "https://example.org/script-story",
            "source": "Test Wire", "date": "2024-06-28"}
    response = client.post("/api/articles", json=body, headers=AUTH)
    assert response.status_code == 201, response.text
    written = response.json()
    assert written["status"] == "coded" and written["events"] >= 1 and written["page"].startswith("/article?id=")
    article = client.get(written["api"]).json()
    assert "<script>window.__pwned = 1</script>" in article["text"] and article["title"] == "<i>Title</i>"
    assert article["events"] and article["events"][0]["source"]["country"] == "RUS"
    assert any(article["text"][s["start"]:s["end"]].startswith("Russia attacked") for s in article["spans"])
    again = client.post("/api/articles", json=body, headers=AUTH)
    assert again.status_code == 200 and again.json()["status"] == "already"
    # the new event is visible to the analysis routes at once (caches are cleared by the write)
    assert client.get("/api/events", params={"text": "Monday"}).json()["items"]


@pytest.mark.slow
def test_api_post_html_and_skips(client: TestClient, pipeline) -> None:
    client.app.state.service._pipeline = pipeline
    page = ("<html><head><title>Border</title><script>evil()</script></head><body><article><h1>Border</h1>"
            "<p>Kazakh President Kassym-Jomart Tokayev telephoned Kyrgyz President Sadyr Japarov on Monday to "
            "discuss the border between the two countries and the water they share.</p></article></body></html>")
    written = client.post("/api/articles", json={"html": page, "date": "2024-05-08"}, headers=AUTH).json()
    assert written["status"] == "coded"
    article = client.get(written["api"]).json()
    assert "evil" not in article["text"] and "Tokayev telephoned" in article["text"]
    german = client.post("/api/articles", headers=AUTH, json={
        "text": "Die Regierung in Berlin hat am Montag neue Gespräche mit Kasachstan über Wasser angekündigt, "
                "wie das Ministerium mitteilte. Die Verhandlungen sollen im Herbst beginnen."}).json()
    assert german["status"] == "skipped" and "not English" in german["reason"]
    message = _error(client.post("/api/articles", json={"html": "<html><body><script>x()</script></body></html>"},
                                 headers=AUTH), 422, "unreadable_article")
    assert "no main text" in message


# --- schema, headers, dashboard ----------------------------------------------------------------------------------


def test_api_openapi_lists_every_route_with_response_models(client: TestClient) -> None:
    schema = client.get("/openapi.json").json()
    routes = {(r.path, m) for r in client.app.routes if getattr(r, "include_in_schema", False)
              and r.path.startswith("/api/") for m in r.methods}
    documented = {(path, method.upper()) for path, ops in schema["paths"].items() for method in ops}
    assert routes == documented and len(routes) >= 17
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            ok = op["responses"].get("200") or op["responses"].get("201")
            ref = json.dumps(ok["content"]["application/json"]["schema"])
            assert "$ref" in ref, (path, method)
            for status, response in op["responses"].items():  # every error in the one error shape
                if status.startswith(("4", "5")):
                    assert "ErrorResponse" in json.dumps(response), (path, method, status)
            assert op.get("parameters") is None or "422" in op["responses"], (path, method)
            if method == "post":
                assert {"401", "403", "413"} <= set(op["responses"])
    assert "Alert" in schema["components"]["schemas"] and "EventOut" in schema["components"]["schemas"]
    assert "HTTPValidationError" not in schema["components"]["schemas"]  # 422s are ErrorResponse too


def test_api_dashboard_pages_and_security_headers(client: TestClient) -> None:
    for path in ("/", "/dyad", "/actor", "/search", "/article"):
        page = client.get(path)
        assert page.status_code == 200 and page.headers["content-type"].startswith("text/html")
        assert "script-src 'self'" in page.headers["content-security-policy"]
        assert "http" not in page.text.replace("http-equiv", "")  # nothing loaded from elsewhere
    script = client.get("/static/common.js")
    assert script.status_code == 200 and "innerHTML" not in script.text
    assert client.get("/api/events").headers["x-content-type-options"] == "nosniff"


def test_api_needs_an_existing_store_when_read_only(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no event store"):
        create_app(tmp_path / "missing.duckdb")
    with TestClient(create_app(tmp_path / "new.duckdb", token=TOKEN)) as c:  # with a token, it is created
        assert c.get("/api/stats").json()["articles"] == 0
    with open_store(tmp_path / "new.duckdb", read_only=True) as store:
        assert store.stats()["events"] == 0
