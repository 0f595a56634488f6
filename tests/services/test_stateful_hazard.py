"""Any sequence of lifecycle and 挂牌督办 triggers, by any of the demo people, through the use-cases
(hypothesis stateful testing against a small model of the two machines).

After every step: each hazard's state is the model's and the replay of its events; a closed or
voided hazard never moved again; no verifier or write-off decider was the owner; every 重大
hazard in 整改 has its 五落实; a refused trigger changed nothing; `audit verify` passes.
"""

from __future__ import annotations

from datetime import timedelta

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, initialize, invariant, multiple, rule

from dualprev.hazards.errors import DomainError
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import supervision as supervision_service
from tests.stateful import FINAL, LOGINS, ORGS, TODAY, Register, replay_hazards

SETTINGS = settings(max_examples=25, stateful_step_count=30, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])

MOVES = {  # (state, trigger) -> state: the lifecycle as DESIGN.md draws it
    ("reported", "assign"): "rectifying", ("reported", "fix_on_spot"): "verifying",
    ("reported", "void"): "voided", ("rectifying", "void"): "voided", ("verifying", "void"): "voided",
    ("rectifying", "submit"): "verifying",
    ("rectifying", "extend"): "rectifying", ("verifying", "pass"): "closed",
    ("verifying", "reject"): "rectifying",
}
LISTING = {  # 挂牌督办: (state, trigger) -> state
    ("listed", "request_writeoff"): "writeoff_requested",
    ("writeoff_requested", "approve"): "written_off", ("writeoff_requested", "reject"): "listed",
}
OWNER = "<the hazard's owner>"  # resolved when the rule runs
CANDIDATE = "<an owner whose scope covers the hazard>"
OWNERS = {  # who may own a hazard of each org unit (qian also inspects, he also supervises)
    "生产一车间": ["qian", "chen", "he"], "甲班": ["qian", "liu", "chen", "he"], "生产二车间": ["he"],
    "乙班": ["he", "wu"], "设备部": ["he", "sun"],
}


def who(*likely: str):
    """Anyone (and the hazard's owner), but most often someone the rules let act, so that long
    sequences reach every state."""
    return st.sampled_from([*likely] * 12 + LOGINS + [OWNER])


levels = st.sampled_from(["general", "general", "major"])
texts = st.sampled_from(["加装护栏", "更换", "已整改", " "])
maybe_text = st.sampled_from([None, "设警戒线", "更换", "", "设警戒线"])
costs = st.sampled_from([None, 0.0, 1200.0, 1200.0])


class HazardMachine(RuleBasedStateMachine):
    hazards = Bundle("hazards")

    def __init__(self) -> None:
        super().__init__()
        self.reg = Register.fresh()
        self.model: dict[str, dict] = {}  # code -> state, level, listing

    def teardown(self) -> None:
        self.reg.close()

    # --- the two machines' triggers -----------------------------------------------------------

    @initialize(target=hazards)
    def two_hazards(self):
        return multiple(self.report("wang", "生产一车间", "general"), self.report("wang", "设备部", "major"))

    @rule(target=hazards, actor=who("wang", "li", "liu", "zhou"), org=st.sampled_from(ORGS), level=levels)
    def report(self, actor, org, level):
        actor = "chen" if actor == OWNER else actor
        try:
            code = hazard_service.report(self.reg.db, actor=actor, title="护栏缺失", org=org,
                                         level=level)["code"]
        except DomainError:
            return multiple()
        self.model[code] = {"state": "reported", "level": level, "org": org,
                            "listing": "listed" if level == "major" else None}
        return code

    @rule(code=hazards, actor=who("wang", "liu"), owner=who(CANDIDATE), pick=st.sampled_from(range(4)),
          measures=maybe_text, days=st.integers(-3, 60), cost=costs, contingency=maybe_text)
    def assign(self, code, actor, owner, pick, measures, days, cost, contingency):
        actor, owner = self.resolve(code, actor), self.resolve(code, owner, pick)
        self.fire(code, "assign", actor, lambda: hazard_service.assign(
            self.reg.db, actor=actor, code=code, owner=owner, measures=measures,
            deadline=TODAY + timedelta(days=days), cost=cost, contingency=contingency))

    @rule(code=hazards, actor=who("wang", "liu", OWNER), measures=texts)
    def fix_on_spot(self, code, actor, measures):
        actor = self.resolve(code, actor)
        self.fire(code, "fix_on_spot", actor, lambda: hazard_service.fix_on_spot(
            self.reg.db, actor=actor, code=code, measures=measures))

    @rule(code=hazards, actor=who(OWNER))
    def submit(self, code, actor):
        actor = self.resolve(code, actor)
        self.fire(code, "submit", actor, lambda: hazard_service.submit(
            self.reg.db, actor=actor, code=code, note="已整改"))

    @rule(code=hazards, actor=who("li", "zhou", "qian", OWNER), passed=st.booleans())
    def verify(self, code, actor, passed):
        actor = self.resolve(code, actor)
        self.fire(code, "pass" if passed else "reject", actor, lambda: hazard_service.verify(
            self.reg.db, actor=actor, code=code, passed=passed))

    @rule(code=hazards, actor=who("zhao"), days=st.integers(-5, 90), reason=texts)
    def extend(self, code, actor, days, reason):
        actor = self.resolve(code, actor)
        self.fire(code, "extend", actor, lambda: hazard_service.extend(
            self.reg.db, actor=actor, code=code, reason=reason, deadline=TODAY + timedelta(days=days)))

    @rule(code=hazards, actor=who("wang", "liu", "zhao"), reason=texts)
    def void(self, code, actor, reason):
        actor = self.resolve(code, actor)
        self.fire(code, "void", actor, lambda: hazard_service.void(
            self.reg.db, actor=actor, code=code, reason=reason))

    @rule(code=hazards, actor=who("zhao"))
    def list_for_supervision(self, code, actor):
        actor = self.resolve(code, actor)
        self.decide(code, "list", actor, lambda: supervision_service.add(
            self.reg.db, actor=actor, code=code, level="enterprise",
            deadline=TODAY + timedelta(days=30), reason="督办"))

    @rule(code=hazards, actor=who(OWNER, "wang", "liu"))
    def request_writeoff(self, code, actor):
        actor = self.resolve(code, actor)
        self.decide(code, "request_writeoff", actor, lambda: supervision_service.request_writeoff(
            self.reg.db, actor=actor, code=code, note="已整改"))

    @rule(code=hazards, actor=who("zhao", "he", OWNER), approve=st.booleans())
    def decide_writeoff(self, code, actor, approve):
        actor = self.resolve(code, actor)
        call = supervision_service.approve if approve else supervision_service.reject
        self.decide(code, "approve" if approve else "reject", actor,
                    lambda: call(self.reg.db, actor=actor, code=code, note="复查"))

    @rule(code=hazards, passed=st.booleans(), pick=st.sampled_from(range(4)))
    def advance(self, code, passed, pick):
        """The next step of a hazard, by a person who may take it (or, now and then, by its owner,
        whom the guards must stop), so that sequences reach every state."""
        m, db = self.model[code], self.reg.db
        owner = self.reg.hazard(code)["owner"]
        if m["listing"] == "writeoff_requested":
            decider = [owner, "zhao", "he", "zhao"][pick]
            call = supervision_service.approve if passed else supervision_service.reject
            self.decide(code, "approve" if passed else "reject", decider,
                        lambda: call(db, actor=decider, code=code, note="复查"))
        elif m["state"] == "verifying" and m["listing"] == "listed":
            self.decide(code, "request_writeoff", owner, lambda: supervision_service.request_writeoff(
                db, actor=owner, code=code, note="已整改"))
        elif m["state"] == "reported":
            owner = OWNERS[m["org"]][pick % len(OWNERS[m["org"]])]
            self.fire(code, "assign", "wang", lambda: hazard_service.assign(
                db, actor="wang", code=code, owner=owner, measures="更换", cost=1200.0,
                contingency="设警戒线", deadline=TODAY + timedelta(days=10)))
        elif m["state"] == "rectifying":
            self.fire(code, "submit", owner, lambda: hazard_service.submit(db, actor=owner, code=code))
        elif m["state"] == "verifying":
            verifier = [owner, "li", "qian", "li"][pick]
            self.fire(code, "pass" if passed else "reject", verifier, lambda: hazard_service.verify(
                db, actor=verifier, code=code, passed=passed))

    @rule(code=hazards)
    def advance_to_the_end(self, code):
        """The same, always passing: a second rule, so that swarm testing rarely turns both off."""
        self.advance(code, True, 0)

    # --- what each answer must agree with ----------------------------------------------------

    def resolve(self, code, actor, pick=0):
        if actor == OWNER:
            return self.reg.hazard(code)["owner"] or "chen"
        if actor == CANDIDATE:
            candidates = OWNERS[self.model[code]["org"]]
            return candidates[pick % len(candidates)]
        return actor

    def attempt(self, call) -> bool:
        before = self.reg.snapshot()
        try:
            call()
        except DomainError:
            assert self.reg.snapshot() == before, "a refused trigger changed the register"
            return False
        return True

    def fire(self, code, trigger, actor, call):
        m = self.model[code]
        owner_before = self.reg.hazard(code)["owner"]
        if not self.attempt(call):
            return
        assert m["state"] not in FINAL, f"{code} moved out of {m['state']} by {trigger}"
        assert (m["state"], trigger) in MOVES, f"{trigger} from {m['state']} went through"
        row = self.reg.hazard(code)
        assert row["state"] == MOVES[m["state"], trigger]
        if trigger in ("pass", "reject"):
            assert actor != owner_before, f"{actor} verified their own rectification of {code}"
        if trigger == "pass":
            assert m["listing"] in (None, "written_off"), f"{code} closed under 挂牌督办"
        if trigger == "submit":
            assert actor == owner_before
        if trigger == "fix_on_spot":
            assert m["level"] == "general"
        if trigger == "void":
            assert m["state"] == "reported" or actor in ("zhao", "he"), f"{actor} voided {code} in {m['state']}"
            if m["listing"] in ("listed", "writeoff_requested"):  # the enterprise's listing ends with it
                m["listing"] = "written_off"
        m["state"] = row["state"]

    def decide(self, code, trigger, actor, call):
        m = self.model[code]
        owner = self.reg.hazard(code)["owner"]
        if not self.attempt(call):
            return
        if trigger == "list":
            assert m["state"] not in FINAL and m["listing"] in (None, "written_off")
            m["listing"] = "listed"
            return
        assert (m["listing"], trigger) in LISTING, f"{trigger} on a listing in {m['listing']} went through"
        if trigger in ("approve", "reject"):
            assert actor != owner, f"{actor} decided the write-off of their own {code}"
        if trigger == "request_writeoff":
            assert m["state"] in ("verifying", "voided")
        m["listing"] = LISTING[m["listing"], trigger]

    @invariant()
    def rows_agree_with_the_model_and_the_events(self):
        rows, replayed, listings = self.reg.hazards(), replay_hazards(self.reg.db), self.reg.listings()
        assert {c: r["state"] for c, r in rows.items()} == {c: m["state"] for c, m in self.model.items()}
        assert replayed == {c: {k: r[k] for k in replayed[c]} for c, r in rows.items()}
        assert listings == {c: m["listing"] for c, m in self.model.items() if m["listing"]}
        for code, r in rows.items():
            if r["level"] == "major" and r["state"] in ("rectifying", "verifying", "closed"):
                missing = [f for f in ("owner", "measures", "deadline", "cost", "contingency")
                           if r[f] is None or (isinstance(r[f], str) and not r[f].strip())]
                assert not missing, f"重大 {code} in {r['state']} without {missing}"
        self.reg.assert_audit_intact()


def test_any_sequence_of_triggers_keeps_the_lifecycle_rules():
    HazardMachine.TestCase.settings = SETTINGS
    HazardMachine.TestCase().runTest()
