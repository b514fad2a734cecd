#!/usr/bin/python3
"""Serve the p53lab JupyterLab 4 test front end (./build) with Debian's jupyterlab_server.

Usage (Debian 12: python3-jupyter-server 1.23, python3-jupyterlab-server 2.16):

    JUPYTER_PATH=/work/main P53LAB_LABEXTENSIONS=/path/to/labextensions \\
        /usr/bin/python3 test/jupyterlab/server.py --port 8899 --root /tmp/nb [--token SECRET] [--allow-root]

* The front end is built by scripts/build-lab.sh (webpack, into test/jupyterlab/build).
* P53LAB_LABEXTENSIONS: a folder of prebuilt (federated) extensions, `<name>/package.json` +
  `<name>/static/` as written by `build-labextension`; they are listed in the page config and
  served under /lab/extensions/. Several folders may be given, separated by ':'.
* Kernels come from jupyter_client's kernelspec search path: JUPYTER_PATH=/work/main finds the
  project's tslab kernel (kernels/tslab).
* No token (the default) disables authentication; it listens on 127.0.0.1 only.
"""
import argparse
import atexit
import json
import os
import shutil
import sys
import tempfile

from jupyter_server.base.handlers import APIHandler
from jupyter_server.utils import url_path_join
from jupyterlab_server import LabServerApp
from tornado import web, websocket

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")


def _labextension_dirs():
    value = os.environ.get("P53LAB_LABEXTENSIONS", "")
    return [os.path.abspath(p) for p in value.split(os.pathsep) if p]


class MeHandler(APIHandler):
    """/api/me (jupyter_server 2 has it, 1.23 does not): the identity the front end shows."""

    @web.authenticated
    def get(self):
        self.finish(
            json.dumps(
                {
                    "identity": {
                        "username": "p53lab",
                        "name": "p53lab",
                        "display_name": "p53lab",
                        "initials": "P",
                        "avatar_url": None,
                        "color": None,
                    },
                    "permissions": {},
                }
            )
        )


class EventsHandler(APIHandler):
    """POST /api/events (jupyter_server 2): accepted and dropped."""

    @web.authenticated
    def post(self):
        self.set_status(204)
        self.finish()


class EventsSubscribeHandler(websocket.WebSocketHandler):
    """/api/events/subscribe (jupyter_server 2): a websocket that never sends anything."""

    def check_origin(self, origin):
        return True

    def on_message(self, message):
        pass


class LspStatusHandler(APIHandler):
    """/lsp/status (the jupyter-lsp server extension, not installed): no language servers."""

    @web.authenticated
    def get(self):
        self.finish(json.dumps({"version": 2, "sessions": {}, "specs": {}}))


class P53LabTestApp(LabServerApp):
    name = "p53lab_lab"
    app_name = "JupyterLab (p53lab tests)"
    app_version = "4.6"
    load_other_extensions = False
    default_url = "/lab"
    extension_url = "/lab"

    # Where the build lives; the per-run folders are set in initialize_settings.
    static_dir = os.path.join(BUILD, "static")
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    templates_dir = os.path.join(HERE, "templates")

    def initialize_settings(self):
        super().initialize_settings()
        state = tempfile.mkdtemp(prefix="p53lab-lab-state-")
        atexit.register(shutil.rmtree, state, True)
        self.app_settings_dir = os.path.join(state, "app-settings")
        self.user_settings_dir = os.path.join(state, "user-settings")
        self.workspaces_dir = os.path.join(state, "workspaces")
        for d in (self.app_settings_dir, self.user_settings_dir, self.workspaces_dir):
            os.makedirs(d, exist_ok=True)
        # Defaults for a test machine without internet: never ask for or fetch Jupyter news.
        with open(os.path.join(self.app_settings_dir, "overrides.json"), "w", encoding="utf-8") as f:
            json.dump(
                {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": False}},
                f,
            )
        self.labextensions_path = _labextension_dirs()
        self.extra_labextensions_path = []
        main_js = os.path.join(self.static_dir, "main.js")
        if not os.path.exists(main_js):
            self.log.error("%s is missing: run scripts/build-lab.sh first", main_js)
        page_config = self.serverapp.web_app.settings.setdefault("page_config_data", {})
        page_config.update(
            {
                "exposeAppInBrowser": "true",
                "token": self.serverapp.token,
                "p53labBuildId": str(int(os.path.getmtime(main_js))) if os.path.exists(main_js) else "",
            }
        )
        self.log.info("labextensions path: %s", self.labextensions_path or "(none)")

    def initialize_handlers(self):
        base = self.serverapp.base_url
        self.serverapp.web_app.add_handlers(
            ".*$",
            [
                (url_path_join(base, "api/me"), MeHandler),
                (url_path_join(base, "api/events"), EventsHandler),
                (url_path_join(base, "api/events/subscribe"), EventsSubscribeHandler),
                (url_path_join(base, "lsp/status"), LspStatusHandler),
            ],
        )
        super().initialize_handlers()


def _jupyter_server_extension_points():
    return [{"module": __name__, "app": P53LabTestApp}]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--port", type=int, default=8888)
    parser.add_argument("--root", default=os.getcwd(), help="notebook root folder")
    parser.add_argument("--token", default="", help="access token (default: none, no authentication)")
    parser.add_argument("--allow-root", action="store_true", help="allow running as root")
    parser.add_argument("--ip", default="127.0.0.1")
    args, rest = parser.parse_known_args(argv)
    server_argv = [
        f"--ServerApp.ip={args.ip}",
        f"--ServerApp.port={args.port}",
        "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={os.path.abspath(args.root)}",
        f"--ServerApp.token={args.token}",
        "--ServerApp.password=",
        "--ServerApp.open_browser=False",
    ]
    if not args.token:
        server_argv.append("--ServerApp.disable_check_xsrf=True")
    if args.allow_root:
        server_argv.append("--ServerApp.allow_root=True")
    P53LabTestApp.launch_instance(server_argv + rest)


if __name__ == "__main__":
    sys.exit(main())
