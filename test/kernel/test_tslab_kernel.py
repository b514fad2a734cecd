"""Kernel smoke test: the project's tslab kernelspec, driven by Debian's jupyter_kernel_test.

Run with JUPYTER_PATH pointing at the repository root (scripts/test.sh does). It covers
what tslab 1.0.22 supports; its protocol gaps (no execute_result, no error message,
no history, kernel_info_reply without status) are tested as gaps, so a tslab upgrade that
closes one shows up here.
"""
import time
import unittest

import jupyter_kernel_test


class TslabKernelTests(jupyter_kernel_test.KernelTests):
    kernel_name = "tslab"
    language_name = "typescript"
    file_extension = ".ts"

    code_hello_world = 'console.log("hello, world")'
    code_stderr = 'console.error("p53 is back")'

    complete_code_samples = ["const a = 1;", "function f(x: number) { return x; }"]
    incomplete_code_samples = ["function f(x: number) {"]

    completion_samples = [{"text": "const mdm2Inhibitor = 1; mdm2Inh", "matches": {"mdm2Inhibitor"}}]
    code_inspect_sample = "Math.max"

    code_display_data = [
        {"code": 'import * as tslab from "tslab"; tslab.display.html("<b>CDKN1A</b>")', "mime": "text/html"},
        {"code": 'import { show, md } from "p53lab"; show(md("**MDM2** feedback"))', "mime": "text/markdown"},
        {"code": 'import * as p53lab from "p53lab"; p53lab.show(p53lab.Table.fromColumns({ gene: ["BBC3"], lfc: [3.1] }))',
         "mime": "application/vnd.p53lab.table.v1+json"},
    ]

    def test_p53lab_bundle_is_complete(self):
        """A p53lab table arrives as one display_data with custom JSON, HTML and plain text."""
        self.flush_channels()
        reply, msgs = self.execute_helper(
            'import * as p from "p53lab"; p.show(p.Table.fromColumns({ gene: ["<script>alert(1)</script>"], lfc: [1] }))'
        )
        self.assertEqual(reply["content"]["status"], "ok")
        data = [m for m in msgs if m["msg_type"] == "display_data"][0]["content"]["data"]
        self.assertEqual(set(data), {"application/vnd.p53lab.table.v1+json", "text/html", "text/plain"})
        self.assertNotIn("<script>alert", data["text/html"])
        self.assertIn("&lt;script&gt;alert(1)&lt;/script&gt;", data["text/html"])

    def test_progress_updates_in_place(self):
        """progress() sends one display and then update_display_data messages with the same display_id."""
        self.flush_channels()
        reply, msgs = self.execute_helper(
            'import * as p from "p53lab"; const pr = p.progress(3, { label: "genes", intervalMs: 0 }); pr.tick(); pr.tick(); pr.finish();'
        )
        self.assertEqual(reply["content"]["status"], "ok")
        kinds = [m["msg_type"] for m in msgs if m["msg_type"] in ("display_data", "update_display_data")]
        self.assertEqual(kinds[0], "display_data")
        self.assertGreaterEqual(kinds.count("update_display_data"), 2)
        ids = {m["content"]["transient"]["display_id"] for m in msgs if m["msg_type"] in ("display_data", "update_display_data")}
        self.assertEqual(len(ids), 1)
        last = [m for m in msgs if m["msg_type"] == "update_display_data"][-1]
        self.assertIn("100% (3/3)", last["content"]["data"]["text/plain"])

    def raw_execute(self, code):
        """Execute without message-schema validation (for tslab's known protocol gaps)."""
        self.flush_channels()
        msg_id = self.kc.execute(code)
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["parent_header"]["msg_id"], msg_id)
        msgs = []
        while True:
            msg = self.kc.get_iopub_msg(timeout=10)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
            msgs.append(msg)
        return reply, msgs

    def test_kernel_info(self):
        """Language info is right; the reply lacks 'status' (tslab 1.0.22 gap, tested as such)."""
        self.flush_channels()
        self.kc.kernel_info()
        reply = self.kc.get_shell_msg(timeout=30)
        self.assertEqual(reply["msg_type"], "kernel_info_reply")
        info = reply["content"]["language_info"]
        self.assertEqual(info["name"], "typescript")
        self.assertEqual(info["file_extension"], ".ts")
        self.assertNotIn("status", reply["content"], "tslab now sends status: drop this gap from the docs")

    def test_error_is_reported_as_status_error(self):
        """A failing cell: reply status 'error' without ename/evalue, the message on stderr (tslab gap)."""
        reply, msgs = self.raw_execute('throw new Error("MDM2 not inhibited")')
        self.assertEqual(reply["content"]["status"], "error")
        self.assertNotIn("ename", reply["content"], "tslab now sends ename: drop this gap from the docs")
        self.assertFalse([m for m in msgs if m["msg_type"] == "error"])
        text = "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
        self.assertIn("MDM2 not inhibited", text)
        time.sleep(0.5)  # tslab aborts requests for 200 ms after an error

    def test_type_error_names_the_position(self):
        """Cells are type-checked: a type error fails the cell and names line:column."""
        reply, msgs = self.raw_execute('const fold: number = "four";')
        self.assertEqual(reply["content"]["status"], "error")
        text = "".join(m["content"].get("text", "") for m in msgs if m["msg_type"] == "stream")
        self.assertRegex(text, r"1:7 - Type 'string' is not assignable to type 'number'")
        time.sleep(0.5)


if __name__ == "__main__":
    unittest.main()
