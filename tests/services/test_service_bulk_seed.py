"""`init --hazards N`: bounded, and committed in batches, so an interrupted load leaves whole
batches: hazards, events, codes and the chain's head that agree (`db check` passes)."""

from __future__ import annotations

import pytest

from dualprev.hazards import audit, config, seed
from dualprev.hazards.errors import InvalidInput
from dualprev.hazards.queries import health
from tests.cli.helpers import bad_input, ok


def codes(db):
    with db.read() as tx:
        return [r[0] for r in tx.run("SELECT code FROM hazard ORDER BY id").all()]


def test_bulk_commits_in_batches(db, monkeypatch):
    monkeypatch.setattr(seed, "BULK_BATCH", 20)
    r = seed.bulk(db, 45)
    assert r["hazards"] == 45
    assert codes(db) == [f"YH-2026-{n:06d}" for n in range(1, 46)]
    assert audit.verify(db)["ok"] and health.check(db, now=config.now())["ok"]
    seed.bulk(db, 5)  # a second load continues the codes and the chain
    assert codes(db)[-1] == "YH-2026-000050" and audit.verify(db)["ok"]


def test_an_interrupted_load_leaves_whole_batches(db, monkeypatch):
    monkeypatch.setattr(seed, "BULK_BATCH", 20)
    real = seed.synthetic_batches

    def dies_after_one(*args, **kwargs):
        batches = real(*args, **kwargs)
        yield next(batches)
        raise RuntimeError("killed")

    monkeypatch.setattr(seed, "synthetic_batches", dies_after_one)
    with pytest.raises(RuntimeError):
        seed.bulk(db, 45)
    assert codes(db) == [f"YH-2026-{n:06d}" for n in range(1, 21)]
    assert health.check(db, now=config.now())["ok"]
    monkeypatch.setattr(seed, "synthetic_batches", real)
    seed.bulk(db, 25)  # the rest, after the first batch's codes
    assert codes(db)[-1] == "YH-2026-000045" and audit.verify(db)["ok"]


def test_the_bound(db, cli_run):
    with pytest.raises(InvalidInput, match="at most 2,000,000"):
        seed.bulk(db, seed.BULK_MAX + 1)
    assert "2000000" in bad_input(cli_run("--as", "admin", "init", "--hazards", "10000000000"))
    assert codes(db) == []
    ok(cli_run("--as", "admin", "init", "--hazards", "3"))
    assert len(codes(db)) == 3
