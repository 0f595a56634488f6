"""The national 双重预防 data exchange (national-interface.md): the data sets in the order the
platform checks their references, the JSON Schema every record is validated against (shipped as
national.schema.json), the key file and the ``{"datas": Base64(AES-128-CBC(JSON))}`` body, and the
pluggable transport (HTTP POST through urllib by default)."""

from __future__ import annotations

import base64
import json
import urllib.error
import urllib.request
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

from dualprev.hazards.errors import InvalidInput

# parents before children: the platform refuses a record whose parent id it does not hold (§2.0)
DATASETS = ("sec_security_risk_unit", "sec_security_risk_events", "sec_security_risk_control_measures",
            "sec_hidden_check_mission", "sec_hidden_check_record", "sec_hidden_danger_info")
DATASET_NAMES = {"sec_security_risk_unit": "风险分析单元", "sec_security_risk_events": "风险事件",
                 "sec_security_risk_control_measures": "管控措施", "sec_hidden_check_mission": "排查任务",
                 "sec_hidden_check_record": "排查记录", "sec_hidden_danger_info": "隐患"}
# the field that names each data set's parent, and the parent's data set
PARENTS = {"sec_security_risk_events": ("riskUnitId", "sec_security_risk_unit"),
           "sec_security_risk_control_measures": ("riskEventId", "sec_security_risk_events"),
           "sec_hidden_check_mission": ("riskMeasureId", "sec_security_risk_control_measures"),
           "sec_hidden_check_record": ("checkTaskId", "sec_hidden_check_mission"),
           "sec_hidden_danger_info": ("riskMeasureId", "sec_security_risk_control_measures")}


@cache
def _validators() -> dict[str, Any]:
    from jsonschema import Draft202012Validator

    schema = json.loads(resources.files("dualprev.hazards").joinpath("national.schema.json").read_text("utf-8"))
    Draft202012Validator.check_schema(schema)
    return {name: Draft202012Validator({**schema, "$ref": f"#/$defs/{name}"}) for name in DATASETS}


def problem(dataset: str, record: dict[str, Any]) -> str | None:
    """The first way ``record`` breaks the schema of ``dataset``, as "field: what is wrong"; None
    when it is valid."""
    from jsonschema.exceptions import best_match

    error = best_match(_validators()[dataset].iter_errors(record))
    if error is None:
        return None
    if error.validator == "required":
        missing = [f for f in error.validator_value if f not in (error.instance or {})]
        return f"{missing[0] if missing else '?'}: missing (required by the national interface)"
    field = ".".join(str(p) for p in error.absolute_path) or "?"
    return f"{field}: {error.message}"


def read_key(path: str) -> bytes:
    """The AES-128 key of a key file: 16 ASCII characters (a trailing newline is ignored). The key
    also serves as the IV (national-interface.md §3.1). The key is never echoed in an error."""
    try:
        with Path(path).open("rb") as f:
            raw = f.read(4096)  # a key is 16 characters: a device is never read for ever
    except OSError as exc:
        raise InvalidInput(f"--key-file {path}: {exc.strerror or exc}. Give the file that holds the "
                           "platform's 16-character key") from None
    key = raw.rstrip(b"\r\n")
    if len(key) != 16 or not key.isascii() or not all(32 < b < 127 for b in key):
        raise InvalidInput(f"--key-file {path} does not hold a 16-character ASCII key (AES-128): "
                           "check the file the platform gave you")
    return key


def encrypt(records: list[dict[str, Any]], key: bytes) -> bytes:
    """The request body: ``{"datas": Base64(AES/CBC/PKCS5Padding(JSON array))}``, key as IV."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    plain = json.dumps(records, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    padder = padding.PKCS7(128).padder()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key)).encryptor()
    sealed = encryptor.update(padder.update(plain) + padder.finalize()) + encryptor.finalize()
    return json.dumps({"datas": base64.b64encode(sealed).decode("ascii")}).encode("ascii")


def decrypt(body: bytes, key: bytes) -> list[dict[str, Any]]:
    """The records of a request body (what the platform does; the tests' server uses it)."""
    from cryptography.hazmat.primitives import padding
    from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

    sealed = base64.b64decode(json.loads(body)["datas"])
    decryptor = Cipher(algorithms.AES(key), modes.CBC(key)).decryptor()
    unpadder = padding.PKCS7(128).unpadder()
    plain = unpadder.update(decryptor.update(sealed) + decryptor.finalize()) + unpadder.finalize()
    return json.loads(plain)


class Transport(Protocol):
    """Sends one request body to the platform; returns the HTTP status and the answer's bytes, or
    raises OSError (refused, timed out)."""

    def send(self, url: str, body: bytes, timeout: float) -> tuple[int, bytes]: ...


class HttpTransport:
    """HTTP POST of a JSON body with urllib."""

    def send(self, url: str, body: bytes, timeout: float) -> tuple[int, bytes]:
        request = urllib.request.Request(url, data=body, method="POST",
                                         headers={"Content-Type": "application/json;charset=UTF-8"})
        try:
            with urllib.request.urlopen(request, timeout=timeout) as answer:  # noqa: S310 (the user's URL)
                return answer.status, answer.read()
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read()


def rejected(answer: bytes) -> dict[str, str]:
    """Records the platform refused in a 2xx answer: ``{id: msg}`` from
    ``{"data": {"code": "500", "data": [{"id", "msg"}]}}`` (the answer seen in clients, §3.1)."""
    try:
        doc = json.loads(answer)
    except ValueError:
        return {}
    data = doc.get("data") if isinstance(doc, dict) else None
    if not isinstance(data, dict) or str(data.get("code")) != "500":
        return {}
    return {str(r.get("id")): str(r.get("msg") or "refused") for r in data.get("data") or []
            if isinstance(r, dict)}
