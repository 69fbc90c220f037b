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


def test_links_name_real_operations_and_their_parameters(base_url):
    """The links stateful testing follows (filing a request, then its steps) point at
    operations that exist, and fill in parameters those operations have."""
    document = requests.get(base_url + "/api/v1/openapi.json").json()
    operations = {}
    for path, item in document["paths"].items():
        for method, operation in item.items():
            names = set()
            for parameter in operation.get("parameters", []):
                if "$ref" in parameter:
                    parameter = document["components"]["parameters"][parameter["$ref"].split("/")[-1]]
                names.add(parameter["name"] if parameter["in"] != "header" else "header." + parameter["name"])
            operations[operation["operationId"]] = names
    links = 0
    for path, item in document["paths"].items():
        for method, operation in item.items():
            for status, response in operation["responses"].items():
                for name, link in response.get("links", {}).items():
                    links += 1
                    assert link["operationId"] in operations, f"{method} {path} {status}: {name}"
                    for parameter in link["parameters"]:
                        assert parameter in operations[link["operationId"]], f"{name}: {parameter}"
    assert links >= 50
