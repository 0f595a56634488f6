"""Anchors: signed statements of every audit chain's head, kept outside the database.

A hash chain inside the database proves nothing against someone who can rewrite the database:
they rehash what they changed. An anchor is a statement of each chain's head (enterprise, seq,
hash, event count, time), signed with an Ed25519 key that the database does not hold, and sent
where the database's owner cannot reach (e-mail to the 主要负责人 or the regulator). ``audit
verify --anchors`` then checks that every anchored (seq, hash) is still in its chain: no rewind,
no rewrite or deletion before it, no reordering.

``keygen`` writes the private key (PKCS#8 PEM, mode 0600, never over an existing file) and its
public key beside it (``.pub``); ``make`` writes the statement and, in the same transaction, an
``anchor`` event in every chain, so the register records that it was anchored. The statement
names the heads *before* those events.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

from dualprev.hazards import audit, config, notify
from dualprev.hazards.access import load_actor, require_role, resolve_org
from dualprev.hazards.db import Database, Tx
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.labels import text
from dualprev.hazards.limits import small_file
from dualprev.hazards.steps import nearest_supervisors

FORMAT = "dualprev-anchor/1"
KEY_NAME = "audit-anchor.key"
SYSTEM = "system"  # the daemon's anchors


def default_key_path() -> Path:
    """The private key in the user's configuration directory (platformdirs)."""
    from platformdirs import user_config_dir

    return Path(user_config_dir("dualprev", appauthor=False)) / KEY_NAME


def public_path(key_path: Path) -> Path:
    return key_path.with_name(key_path.name + ".pub")


def fingerprint(public_raw: bytes) -> str:
    """``SHA256:`` and the hex digest of the raw 32-byte Ed25519 public key."""
    return "SHA256:" + hashlib.sha256(public_raw).hexdigest()


def _raw(public_key: Any) -> bytes:
    from cryptography.hazmat.primitives import serialization

    return public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def keygen(out: Path | None = None) -> dict[str, Any]:
    """A new Ed25519 key pair; refuses to replace an existing private or public key file."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    path = Path(out) if out else default_key_path()
    pub = public_path(path)
    for existing in (path, pub):
        if existing.exists():
            raise InvalidInput(f"{existing} already exists: a key is never overwritten (move it away"
                               " first, or give another --out)")
    path.parent.mkdir(parents=True, exist_ok=True)
    key = Ed25519PrivateKey.generate()
    secret = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                               serialization.NoEncryption())
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        raise InvalidInput(f"{path} already exists: a key is never overwritten") from None
    with os.fdopen(fd, "wb") as f:
        f.write(secret)
    os.chmod(path, 0o600)  # whatever the umask
    pub.write_bytes(key.public_key().public_bytes(serialization.Encoding.PEM,
                                                  serialization.PublicFormat.SubjectPublicKeyInfo))
    return {"key": str(path), "public_key": str(pub), "fingerprint": fingerprint(_raw(key.public_key()))}


def _load_private(path: Path) -> Any:
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        key = serialization.load_pem_private_key(small_file(path), password=None)
    except FileNotFoundError:
        raise InvalidInput(f"no signing key at {path}: make one with `dualprev audit keygen`") from None
    except (ValueError, TypeError) as exc:
        raise InvalidInput(f"{path} is not an unencrypted PEM private key ({exc})") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise InvalidInput(f"{path} is not an Ed25519 key: make one with `dualprev audit keygen`")
    return key


def load_public(path: Path) -> Any:
    """An Ed25519 public key from a PEM file (the ``.pub`` keygen writes)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    try:
        key = serialization.load_pem_public_key(small_file(path))
    except FileNotFoundError:
        raise InvalidInput(f"no public key at {path}: give --pubkey FILE (the .pub of the signing key)") from None
    except ValueError as exc:
        raise InvalidInput(f"{path} is not a PEM public key ({exc})") from None
    if not isinstance(key, Ed25519PublicKey):
        raise InvalidInput(f"{path} is not an Ed25519 public key")
    return key


def signed_part(statement: dict[str, Any]) -> bytes:
    """What the signature covers: the statement without its signature, canonical JSON."""
    return audit.canonical({k: v for k, v in statement.items() if k != "signature"}).encode("utf-8")


def make(db: Database, *, actor: str, key: Path | None = None, now: datetime | None = None,
         keep: Callable[[Tx, dict[str, Any]], None] | None = None) -> dict[str, Any]:
    """Sign a statement of every chain's head and record an ``anchor`` event in every chain, in
    one transaction; ``keep(tx, statement)`` runs before the commit (writing the file, queueing
    its delivery), so a statement that could not be kept is not recorded either."""
    private = _load_private(Path(key) if key else default_key_path())
    now = now or config.now()
    key_id = fingerprint(_raw(private.public_key()))
    with db.write() as tx:
        if actor != SYSTEM:
            require_role(load_actor(tx, actor), "audit.anchor_roles", "anchor the audit chains")
        heads = tx.run("SELECT enterprise_id, seq, hash FROM audit_head ORDER BY enterprise_id"
                       + tx.lock).mappings().all()
        names = dict(tx.run("SELECT id, name FROM org_unit WHERE parent_id IS NULL").all())
        counts = dict(tx.run("SELECT enterprise_id, count(*) FROM hazard_event GROUP BY enterprise_id").all())
        chains = [{"enterprise_id": h["enterprise_id"], "enterprise": names.get(h["enterprise_id"]),
                   "seq": h["seq"], "hash": h["hash"], "events": counts.get(h["enterprise_id"], 0)}
                  for h in heads]
        statement: dict[str, Any] = {"format": FORMAT, "made_at": now.isoformat(), "key": key_id,
                                     "chains": chains}
        statement["signature"] = base64.b64encode(private.sign(signed_part(statement))).decode("ascii")
        digest = hashlib.sha256(signed_part(statement)).hexdigest()
        for c in chains:
            audit.append(tx, enterprise_id=c["enterprise_id"], subject="audit", subject_id=0,
                         ref="anchor", event="anchor", actor=actor, at=now,
                         data={"anchored_seq": c["seq"], "anchored_hash": c["hash"], "key": key_id,
                               "statement": digest})
        if keep is not None:
            keep(tx, statement)
    return statement


def dumps(statement: dict[str, Any]) -> str:
    return json.dumps(statement, ensure_ascii=False, indent=2) + "\n"


def write(path: Path | str, statement: dict[str, Any]) -> None:
    """The statement as a file, whole or not at all (a hidden file renamed into place)."""
    target = Path(path)
    partial = target.with_name(f".{target.name}.partial")
    try:
        partial.write_text(dumps(statement), encoding="utf-8")
        os.replace(partial, target)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise InvalidInput(f"cannot write the anchor to {target}: {exc.strerror}") from None


def read(path: Path) -> dict[str, Any]:
    """An anchor file, checked for shape (not yet for its signature)."""
    try:
        doc = json.loads(small_file(path).decode("utf-8"))
    except FileNotFoundError:
        raise InvalidInput(f"no anchor file {path}") from None
    except (ValueError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"anchor {path} is not JSON ({exc})") from None
    if not isinstance(doc, dict) or doc.get("format") != FORMAT or not isinstance(doc.get("chains"), list):
        raise InvalidInput(f"{path} is not a dualprev anchor ({FORMAT})")
    return doc


def check_signature(doc: dict[str, Any], public_key: Any) -> str | None:
    """None when the statement is signed by ``public_key``, else what is wrong."""
    from cryptography.exceptions import InvalidSignature

    if doc.get("key") != fingerprint(_raw(public_key)):
        return f"it was signed by key {doc.get('key')}, not by the given public key {fingerprint(_raw(public_key))}"
    try:
        public_key.verify(base64.b64decode(doc.get("signature") or ""), signed_part(doc))
    except (InvalidSignature, ValueError):
        return "its signature does not match its content (the statement was altered)"
    return None


def verify(db: Database, *, files: list[Path], pubkey: Path | None = None,
           enterprises: list[int] | None = None, jobs: int = 1,
           progress: Callable[[int, int, int], None] | None = None) -> dict[str, Any]:
    """``audit.verify`` (of every chain, or of ``enterprises``' in ``jobs`` processes) with the
    heads the anchor ``files`` signed: each signature is checked first (against ``pubkey``, by
    default the public key beside the default signing key)."""
    anchored: dict[tuple[int, int], tuple[str, str]] = {}
    if files:
        public = load_public(Path(pubkey) if pubkey else public_path(default_key_path()))
        for f in files:
            doc = read(f)
            problem = check_signature(doc, public)
            if problem:
                return audit.failure(0, f"anchor {f}: {problem}", kind="anchor")
            for c in doc["chains"]:
                if not c.get("seq"):
                    continue  # an empty chain then: nothing to hold on to
                at = (int(c["enterprise_id"]), int(c["seq"]))
                if at in anchored and anchored[at][0] != c["hash"]:
                    return audit.failure(0, f"anchors {anchored[at][1]} and {f} sign different hashes"
                                         f" for seq {at[1]} of enterprise {at[0]}", kind="anchor")
                anchored[at] = (c["hash"], str(f))
    result = audit.verify(db, anchored=anchored, enterprises=enterprises, jobs=jobs, progress=progress)
    if result["ok"]:
        result["anchors"] = len(files)
    return result


def enterprise_ids(db: Database, *, actor: str, refs: list[str]) -> list[int]:
    """The enterprises of the org units ``refs`` (names or ids) in ``actor``'s scope."""
    with db.read() as tx:
        who = load_actor(tx, actor)
        return sorted({resolve_org(tx, who, ref)["enterprise_id"] for ref in refs})


def _recipients(tx: Tx, enterprise_id: int) -> list[str]:
    """Who receives an enterprise's anchor: its people holding ``[audit] anchor_to_roles`` (the
    主要负责人), else the supervisors at the enterprise itself."""
    roles = set(config.rules()["audit"]["anchor_to_roles"])
    chosen = [r["login"] for r in tx.run("SELECT login, roles FROM person WHERE enterprise_id = :e"
                                         " ORDER BY login", {"e": enterprise_id}).mappings()
              if roles.intersection(r["roles"].split())]
    return chosen or nearest_supervisors(tx, f"/{enterprise_id}/", enterprise_id)


def daily(db: Database, *, now: datetime | None = None) -> dict[str, Any] | None:
    """The daemon's anchor: signed with ``[audit] anchor_key`` (default: the configuration
    directory's key), kept in ``[audit] anchor_dir`` (default: the data directory's anchors/)
    and queued, in the same transaction, to each enterprise's recipients through their routes.
    None when there is no signing key (nothing to sign with)."""
    settings = config.rules()["audit"]
    key = Path(settings["anchor_key"]) if settings.get("anchor_key") else default_key_path()
    if not key.exists():
        return None
    now = now or config.now()
    if settings.get("anchor_dir"):
        folder = Path(settings["anchor_dir"])
    else:
        from platformdirs import user_data_dir

        folder = Path(user_data_dir("dualprev", appauthor=False)) / "anchors"
    path = folder / f"anchor-{now.astimezone(config.timezone()):%Y%m%d-%H%M%S}.json"

    def keep(tx: Tx, statement: dict[str, Any]) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        write(path, statement)
        body = dumps(statement)
        for chain in statement["chains"]:
            if chain["enterprise_id"] == audit.SYSTEM_CHAIN:
                continue
            notify.enqueue(tx, recipients=_recipients(tx, chain["enterprise_id"]), event="anchor",
                           hazard_code=None, now=now, body=body,
                           subject=text("notice_anchor_subject", day=now.astimezone(config.timezone()).date(),
                                        enterprise=chain["enterprise"] or chain["enterprise_id"]))

    statement = make(db, actor=SYSTEM, key=key, now=now, keep=keep)
    return {"path": str(path), "chains": len(statement["chains"]), "key": statement["key"]}
