from __future__ import annotations

import httpx


def test_healthz_answers_on_the_real_server(client: httpx.Client) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"
