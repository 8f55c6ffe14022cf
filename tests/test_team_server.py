"""The served app before login, tried as an attacker on the same machine would (loopback only):
every route and the WebSocket give nothing of the project, uploads and media are refused, unknown
Host headers are refused, stopping `werkbank app` stops the server, a server on 0.0.0.0 in a network
namespace without outside routes starts at once without an outside look-up; and the README's nginx
TLS proxy in front of it starts and passes the login through."""

from __future__ import annotations

import http.client
import os
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app.launch import command, environment
from coding.store.project import open_project
from coding.team.accounts import add
from tests.processes import stop

# These tests pin what the core's errors say by their English text (see the `english` fixture).
pytestmark = pytest.mark.usefixtures("english")

ROOT = Path(__file__).resolve().parents[1]
PASSWORD = "een-lang-wachtwoord-2026"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(port: int, process: subprocess.Popen, seconds: float = 40) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if process.poll() is not None:
            raise RuntimeError("the server stopped")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return time.monotonic() - started
        except OSError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start")


@pytest.fixture(scope="module")
def team(tmp_path_factory, demo_master):
    folder = tmp_path_factory.mktemp("team")
    path = folder / "schoolproject.werkbank"
    shutil.copy(demo_master, path)
    with open_project(path) as project:
        add(project, "test", "anna", "beheerder", PASSWORD)
        titles = [r[0] for r in project.conn.execute("SELECT name FROM documents")]
    port = _free_port()
    log = folder / "server.log"
    env = environment(path, ("werkbank.test",))
    with open(log, "w") as out:
        process = subprocess.Popen(command(port, team=True), env=env, stdout=out, stderr=subprocess.STDOUT)
        _wait(port, process)
        yield {"port": port, "path": path, "titles": titles, "log": log, "pid": process.pid}
        stop(process)


def _request(port: int, method: str, path: str, body: bytes | None = None, headers: dict | None = None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{port}", **(headers or {})})
    response = conn.getresponse()
    data = response.read()
    conn.close()
    return response.status, dict(response.getheaders()), data


def _upgrade(port: int, cookie: str | None = None, host: str | None = None) -> bytes:
    """Open the Streamlit WebSocket by hand; returns everything the server sent within a second."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        lines = [f"GET /_stcore/stream HTTP/1.1", f"Host: {host or f'127.0.0.1:{port}'}", "Upgrade: websocket",
                 "Connection: Upgrade", "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==", "Sec-WebSocket-Version: 13",
                 f"Origin: http://127.0.0.1:{port}", "Sec-WebSocket-Protocol: streamlit"]
        if cookie:
            lines.append(f"Cookie: werkbank_sessie={cookie}")
        s.sendall(("\r\n".join(lines) + "\r\n\r\n").encode())
        s.settimeout(1.0)
        received = b""
        try:
            while chunk := s.recv(65536):
                received += chunk
        except socket.timeout:
            pass
        return received


def _log_in(port: int, password: str = PASSWORD) -> tuple[int, dict]:
    status, headers, _ = _request(port, "POST", "/werkbank/login", f"naam=anna&wachtwoord={password}".encode(),
                                  {"Content-Type": "application/x-www-form-urlencoded"})
    return status, headers


ROUTES = ["/", "/coding", "/analysis", "/werkbank/login", "/_stcore/health", "/_stcore/host-config",
          "/_stcore/script-health-check", "/_stcore/metrics", "/_stcore/allowed-message-origins",
          "/media/0123456789abcdef.csv", "/component/app.components.document/index.html", "/static/index.html",
          "/app/static/x.png", "/favicon.png", "/robots.txt", "/_stcore/upload_file/s/f"]


def test_nothing_of_the_project_before_login(team):
    secrets_of_project = [team["path"].name, team["path"].stem, str(team["path"].parent), *team["titles"]]
    for route in ROUTES:
        status, headers, body = _request(team["port"], "GET", route)
        seen = body.decode("utf-8", "replace") + str(headers)
        assert not any(s in seen for s in secrets_of_project), route
        assert status in (200, 303, 403), (route, status)
        if route not in ("/werkbank/login", "/_stcore/health"):
            assert status in (303, 403), route  # nothing of Streamlit itself before login
    refused = _upgrade(team["port"])
    assert refused.startswith(b"HTTP/1.1 403") and not any(s.encode() in refused for s in secrets_of_project)
    status, headers = _log_in(team["port"])
    cookie = headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert _upgrade(team["port"], cookie).startswith(b"HTTP/1.1 101")  # the same socket opens after login
    assert _upgrade(team["port"], cookie[:-2] + "xx").startswith(b"HTTP/1.1 403")  # a forged cookie does not


def test_uploads_are_refused_before_login_and_do_not_grow_the_server(team):
    def rss() -> int:
        status = Path(f"/proc/{team['pid']}/status").read_text()
        return int(next(line.split()[1] for line in status.splitlines() if line.startswith("VmRSS")))
    before = rss()
    body = b"x" * (50 * 2**20)
    for _ in range(4):
        try:
            status, _, _ = _request(team["port"], "PUT", "/_stcore/upload_file/sessie/bestand", body,
                                    {"Content-Type": "application/octet-stream"})
            assert status == 403
        except (BrokenPipeError, ConnectionResetError):
            pass  # refused before the body was read: also not accepted
    assert rss() - before < 40 * 1024, "the refused uploads stayed in the server's memory"


def test_unknown_host_headers_are_refused(team):
    _, headers = _log_in(team["port"])
    cookie = headers["set-cookie"].split(";")[0].split("=", 1)[1]
    for host in ("evil.example", "evil.example:80", "192.168.1.9", f"rebind.attacker.test:{team['port']}"):
        status, _, body = _request(team["port"], "GET", "/_stcore/health", headers={"Host": host})
        assert status == 421 and b"ok" not in body
        # even with a valid login a rebound name gets no WebSocket (ASGI refuses it as 403)
        assert _upgrade(team["port"], cookie, host=host).startswith(b"HTTP/1.1 403")
    for host in (f"localhost:{team['port']}", "werkbank.test", f"[::1]:{team['port']}"):
        assert _request(team["port"], "GET", "/_stcore/health", headers={"Host": host})[0] == 200
    assert "refused Host header 'evil.example'" in team["log"].read_text()


def test_failed_logins_wait_longer_each_time_and_are_logged(team):
    took = []
    for _ in range(4):
        started = time.monotonic()
        status, _ = _log_in(team["port"], "fout")
        took.append(time.monotonic() - started)
        assert status == 401
    assert took[2] >= 1.9 and took[3] >= 3.9 and took[0] < 1.9, took
    log = team["log"].read_text()
    assert log.count("failed login for 'anna'") >= 4 and "fout" not in log.replace("failed", "")
    assert PASSWORD not in log


def _serve_app(project: Path, port: int, *extra: str, netns: bool = False, env_extra: dict | None = None):
    env = {**os.environ, "PYTHONPATH": str(ROOT), **(env_extra or {})}
    cmd = [sys.executable, "-m", "app.cli", "app", str(project), "--port", str(port), *extra]
    if netns:
        cmd = ["unshare", "--net", "sh", "-c", 'ip link set lo up && exec "$@"', "sh", *cmd]
    return subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


@pytest.mark.parametrize("stop", [signal.SIGTERM, signal.SIGHUP, signal.SIGINT])
def test_stopping_werkbank_app_stops_the_server(team, stop):
    port = _free_port()
    process = _serve_app(team["path"], port)
    try:
        _wait(port, process)
        process.send_signal(stop)
        process.wait(timeout=15)
    finally:
        if process.poll() is None:
            process.kill()
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=1).close()


def _started_in_namespace(process: subprocess.Popen, port: int, seconds: float = 60) -> float:
    """Seconds until the server in the namespace of `process` accepts connections on its loopback."""
    started = time.monotonic()
    while time.monotonic() - started < seconds and process.poll() is None:
        probe = subprocess.run(["nsenter", f"--net=/proc/{process.pid}/ns/net", "bash", "-c",
                                f"echo > /dev/tcp/127.0.0.1/{port}"], capture_output=True)
        if probe.returncode == 0:
            return time.monotonic() - started
        time.sleep(0.1)
    raise AssertionError("the server did not start in the namespace")


def test_on_all_addresses_without_outside_routes_it_starts_at_once_and_looks_nothing_up(team):
    if subprocess.run(["unshare", "--net", "true"], capture_output=True).returncode != 0:
        pytest.skip("cannot make a network namespace here")
    took = {}
    for where in ("loopback", "namespace"):
        port = _free_port()
        process = _serve_app(team["path"], port, "--host", "0.0.0.0", netns=True) if where == "namespace" \
            else _serve_app(team["path"], port)
        try:
            if where == "namespace":
                took[where] = _started_in_namespace(process, port)
            else:
                took[where] = _wait(port, process, 60)
            process.send_signal(signal.SIGTERM)
            output, _ = process.communicate(timeout=15)
        finally:
            if process.poll() is None:
                process.kill()
    # no waiting on an unreachable outside service: as quick as a loopback start (machine load aside)
    assert took["namespace"] < took["loopback"] + 5, took
    assert "external IP" not in output and "checkip" not in output and "Did not auto detect" not in output, output
    assert "0.0.0.0" in output


NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def test_the_readme_nginx_tls_proxy_starts_and_passes_the_login_through(team, tmp_path):
    if not Path(NGINX).exists() or not shutil.which("openssl"):
        pytest.skip("nginx or openssl is not installed")
    template = (ROOT / "docs" / "nginx-werkbank.conf").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "docs/nginx-werkbank.conf" in readme
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj",
                    "/CN=werkbank.test", "-keyout", str(tmp_path / "key.pem"), "-out", str(tmp_path / "cert.pem")],
                   check=True, capture_output=True)
    https_port = _free_port()
    site = (template.replace("listen 443 ssl;", f"listen 127.0.0.1:{https_port} ssl;")
            .replace("/etc/ssl/werkbank/cert.pem", str(tmp_path / "cert.pem"))
            .replace("/etc/ssl/werkbank/key.pem", str(tmp_path / "key.pem"))
            .replace("127.0.0.1:8501", f"127.0.0.1:{team['port']}"))
    conf = tmp_path / "nginx.conf"
    conf.write_text(f"""daemon off; pid {tmp_path}/nginx.pid; error_log {tmp_path}/error.log;
events {{}}
http {{ access_log {tmp_path}/access.log; client_body_temp_path {tmp_path}; proxy_temp_path {tmp_path};
fastcgi_temp_path {tmp_path}; uwsgi_temp_path {tmp_path}; scgi_temp_path {tmp_path};
{site}
}}""")
    assert subprocess.run([NGINX, "-t", "-c", str(conf), "-p", str(tmp_path)], capture_output=True).returncode == 0
    proxy = subprocess.Popen([NGINX, "-c", str(conf), "-p", str(tmp_path)], stderr=subprocess.PIPE)
    try:
        _wait(https_port, proxy)
        context = ssl._create_unverified_context()
        conn = http.client.HTTPSConnection("127.0.0.1", https_port, context=context, timeout=30)
        conn.request("POST", "/werkbank/login", body=f"naam=anna&wachtwoord={PASSWORD}",
                     headers={"Host": "werkbank.test", "Content-Type": "application/x-www-form-urlencoded"})
        response = conn.getresponse()
        response.read()
        assert response.status == 303
        cookie = response.getheader("set-cookie")
        assert "Secure" in cookie and "HttpOnly" in cookie  # the proxy says https, so the cookie is Secure
        conn.request("GET", "/", headers={"Host": "werkbank.test", "Cookie": cookie.split(";")[0]})
        page = conn.getresponse()
        assert page.status == 200 and b"<html" in page.read().lower()
        conn.close()
    finally:
        stop(proxy)


@pytest.fixture(scope="module")
def folder_team(tmp_path_factory, demo_master):
    """`werkbank app --projects-dir`: two team projects and a foreign SQLite file in one folder."""
    folder = tmp_path_factory.mktemp("projecten")
    titles = []
    for name in ("zomerschool", "winterschool"):
        shutil.copy(demo_master, folder / f"{name}.werkbank")
        with open_project(folder / f"{name}.werkbank") as project:
            add(project, "test", "anna", "beheerder", PASSWORD if name == "zomerschool" else PASSWORD + "-w")
            titles += [r[0] for r in project.conn.execute("SELECT name FROM documents")]
    port = _free_port()
    log = folder.parent / f"{folder.name}.log"
    with open(log, "w") as out:
        process = subprocess.Popen(command(port, team=True), env=environment(None, projects_dir=folder), stdout=out,
                                   stderr=subprocess.STDOUT)
        _wait(port, process)
        yield {"port": port, "folder": folder, "titles": titles, "log": log}
        stop(process)


def test_a_folder_server_shows_nothing_before_login_and_logs_in_to_the_named_project(folder_team):
    port, folder = folder_team["port"], folder_team["folder"]
    hidden = ["zomerschool", "winterschool", str(folder), *folder_team["titles"]]
    for route in ROUTES:
        status, headers, body = _request(port, "GET", route)
        seen = body.decode("utf-8", "replace") + str(headers)
        assert not any(s in seen for s in hidden), route
        if route not in ("/werkbank/login", "/_stcore/health"):
            assert status in (303, 403), route
    assert _upgrade(port).startswith(b"HTTP/1.1 403")

    def log_in(project: str, password: str = PASSWORD) -> tuple[int, dict]:
        status, headers, _ = _request(port, "POST", "/werkbank/login",
                                      f"project={project}&naam=anna&wachtwoord={password}".encode(),
                                      {"Content-Type": "application/x-www-form-urlencoded"})
        return status, headers
    assert log_in("winterschool")[0] == 401  # zomerschool's password does not open winterschool
    assert log_in("../" + folder.name + "/zomerschool.werkbank")[0] == 401
    status, headers = log_in("zomerschool")
    assert status == 303
    cookie = headers["set-cookie"].split(";")[0].split("=", 1)[1]
    assert _upgrade(port, cookie).startswith(b"HTTP/1.1 101")
    assert "login of 'anna' to 'zomerschool.werkbank'" in folder_team["log"].read_text()
