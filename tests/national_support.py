"""What the national-export tests share: a register with one chain of every data set (a risk point
under a 重大危险源 code, its 危险源, a measure, a daily plan from it, a 排查记录 that found a hazard,
the hazard assigned) and a local platform that decrypts each request the way the real one does."""

from __future__ import annotations

import json
import threading
import time
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from dualprev.hazards import national
from dualprev.hazards.services import enterprise as enterprise_service
from dualprev.hazards.services import hazard as hazard_service
from dualprev.hazards.services import inspection as inspection_service
from dualprev.hazards.services import risk as risk_service
from dualprev.schedules.tick import tick

KEY = b"WWYT0123456789ab"
COMPANY = "330100123"


def national_register(db) -> dict:
    """The chain 风险分析单元 → 风险事件 → 管控措施 → 排查任务 → 排查记录 → 隐患, through the use-cases."""
    enterprise_service.set_profile(db, actor="admin", org="示范化工有限公司", credit_code="91350100M000100Y43",
                                   company_code=COMPANY)
    risk = risk_service.add(db, actor="wang", name="液氨储罐区", org="甲班", lec="3,6,40",
                            sources=["液氨泄漏中毒"], analysis_object="WHY-330100-0001", responsible="liu")
    risk_service.add_measure(db, actor="wang", code=risk["code"], type="engineering", text="泄漏报警联锁",
                             source="液氨泄漏中毒", classify2="1-4", check="报警器在线、联锁投用")
    checklist = inspection_service.add_checklist(db, actor="wang", name="甲班日查", from_risks=[risk["code"]],
                                                 org="甲班")
    inspection_service.add_plan(db, actor="wang", name="甲班日查", checklist=checklist["id"], org="甲班",
                                assignee="liu")
    tick(db)
    with db.read() as tx:
        task = tx.scalar("SELECT id FROM inspection_task")
    found = inspection_service.record(db, actor="liu", task_id=task, results={1: "fail"})
    code = found["hazards_created"][0]
    hazard_service.assign(db, actor="wang", code=code, owner="liu", deadline=date(2026, 12, 5),
                          measures="更换报警探头")
    return {"risk": risk["code"], "hazard": code}


class Platform:
    """A local receiving platform: decrypts ``{"datas": ...}`` with KEY and keeps the records per
    data set; answers with the queued (status, body) pairs, then 200 and a success body; waits
    ``delay`` seconds and answers nothing when set (a timeout)."""

    def __init__(self):
        self.received: dict[str, list[dict]] = {}
        self.requests: list[bytes] = []
        self.answers: list[tuple[int, bytes]] = []
        self.delay = 0.0
        platform = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                body = self.rfile.read(int(self.headers["Content-Length"]))
                if platform.delay:  # too slow: the client gave up, and the platform keeps nothing
                    time.sleep(platform.delay)
                    return
                platform.requests.append(body)
                status, answer = (platform.answers.pop(0) if platform.answers
                                  else (200, b'{"success": true, "code": 200, "data": {"code": "200"}}'))
                if status == 200:
                    name = self.path.rsplit("/", 1)[-1]
                    refused = json.loads(answer).get("data", {}).get("data") or []
                    ids = {r["id"] for r in refused}
                    platform.received.setdefault(name, []).extend(
                        r for r in national.decrypt(body, KEY) if r["id"] not in ids)
                self.send_response(status)
                self.end_headers()
                self.wfile.write(answer)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/api"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()
