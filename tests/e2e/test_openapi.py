"""The served OpenAPI document is valid OpenAPI 3 and public."""
import requests
from openapi_spec_validator import validate


def test_openapi_document_is_valid(base_url):
    response = requests.get(base_url + "/api/v1/openapi.json")
    assert response.status_code == 200
    assert response.headers["API-Version"] == "1.0.0"
    document = response.json()
    validate(document)
    assert document["servers"] == [{"url": "/api/v1"}]


def test_problem_json_for_unknown_municipality(base_url):
    response = requests.get(base_url + "/api/v1/gemeenten/GM9999")
    assert response.status_code == 404
    assert response.headers["Content-Type"] == "application/problem+json"
    assert response.json()["status"] == 404
